package io.gauntlet.system.rsm;

/**
 * A service's deterministic state machine, replicated by {@link Rsm}: every replica applies the same
 * commands in the same order and so reaches the same state and replies.
 */
public interface StateMachine {
  /** Applies a command and returns its reply. Must be deterministic. */
  byte[] apply(byte[] command);

  /** The whole state, for a Raft snapshot. */
  byte[] snapshot();

  /** Replaces the whole state with a snapshot's. */
  void restore(byte[] snapshot);
}
