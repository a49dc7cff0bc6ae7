package io.gauntlet.checker.gen;

/**
 * A misbehaviour the simulated object in {@link HistoryGenerator} can be told to commit now and
 * then, so that generated histories include real violations (whether a given history is then
 * non-linearizable is for the checkers to decide: an anomaly between concurrent calls can still be
 * explainable).
 */
public enum Anomaly {
  /** Behaves as a single atomic object: every history is linearizable. */
  NONE,
  /** A read returns a value the object held earlier instead of the current one. */
  STALE_READ,
  /** A write (put, append, cas) returns ok but has no effect. */
  LOST_WRITE,
  /** An append is applied twice. */
  DUPLICATE_APPEND,
  /** An acquire succeeds while the lock is held. */
  DOUBLE_ACQUIRE,
  /** A read returns a value that was never written. */
  PHANTOM_VALUE
}
