package io.gauntlet.system.kvraft;

public enum KvOp {
  GET,
  PUT,
  APPEND,
  /** The labs' versioned Put: applies only if the key's version equals the given one. */
  VPUT
}
