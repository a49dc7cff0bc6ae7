package io.gauntlet.system.shardctrler;

/** The controller's operations, as in the labs. */
public enum CtrlerOp {
  JOIN,
  LEAVE,
  MOVE,
  QUERY
}
