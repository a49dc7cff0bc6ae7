package io.gauntlet.system.kvraft;

/** The KV services' error codes, as in the labs. */
public enum Err {
  OK,
  ERR_NO_KEY,
  ERR_VERSION,
  ERR_WRONG_LEADER,
  /** The clerk gave up: the operation may or may not have been applied. */
  ERR_MAYBE,
  ERR_WRONG_GROUP
}
