package io.gauntlet.system.raft;

/** Hooks for checkers (the simulator's invariant checker); every method defaults to nothing. */
public interface RaftObserver {
  /** {@code core} just became leader of {@code term}. */
  default void onBecomeLeader(RaftCore core) {}

  /** {@code core} stored entries (as a follower, or as leader on propose). */
  default void onAppend(RaftCore core, Entry entry) {}

  RaftObserver NONE = new RaftObserver() {};
}
