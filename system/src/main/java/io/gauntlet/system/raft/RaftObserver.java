package io.gauntlet.system.raft;

/** Hooks for checkers (the simulator's invariant checker); every method defaults to nothing. */
public interface RaftObserver {
  /** {@code core} just became leader of {@code term}. */
  default void onBecomeLeader(RaftCore core) {}

  /** {@code core} stored entries (as a follower, or as leader on propose). */
  default void onAppend(RaftCore core, Entry entry) {}

  /** {@code core}, as leader of its term, committed entries {@code from..to}. */
  default void onCommit(RaftCore core, long from, long to) {}

  /** {@code core}'s node hands the committed entry to its service (in log order, on the node's thread). */
  default void onApply(RaftCore core, Entry entry) {}

  /** {@code core}'s node hands {@code snapshot} to its service (on restart, or sent by the leader). */
  default void onSnapshotApply(RaftCore core, Snapshot snapshot) {}

  RaftObserver NONE = new RaftObserver() {};
}
