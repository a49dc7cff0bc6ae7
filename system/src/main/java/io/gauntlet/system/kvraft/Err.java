package io.gauntlet.system.kvraft;

/** The KV services' error codes, as in the labs. */
public enum Err {
  OK,
  ERR_NO_KEY,
  ERR_VERSION,
  ERR_WRONG_LEADER,
  /** The clerk gave up: the operation may or may not have been applied. */
  ERR_MAYBE,
  ERR_WRONG_GROUP,
  /**
   * The server's queue was full: the request was neither queued nor applied. The clerks back off
   * and retry (another server), so a caller never sees it. Last, as the codes are stored by ordinal.
   */
  ERR_OVERLOADED
}
