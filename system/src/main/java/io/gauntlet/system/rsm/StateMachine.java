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

  /**
   * A digest of the whole state that two replicas with equal states give equally, whatever the
   * order they built it in (so the test bed can compare replicas at one applied index, as etcd's
   * HashKV does); null where the service does not offer one.
   */
  default String digest() {
    return null;
  }

  /**
   * Whether the last command shrank the state enough that a snapshot should be taken now rather
   * than when the log next reaches maxRaftState (sharded KV: a handed-off shard was deleted, and
   * the persisted snapshot should stop holding it). Only consulted when snapshots are enabled.
   */
  default boolean snapshotWanted() {
    return false;
  }
}
