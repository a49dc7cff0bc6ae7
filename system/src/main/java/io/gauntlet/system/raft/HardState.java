package io.gauntlet.system.raft;

/** What Raft must persist before replying: the current term and the vote cast in it. */
public record HardState(long term, String votedFor) {
  public static final HardState EMPTY = new HardState(0, null);
}
