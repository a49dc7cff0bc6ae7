package io.gauntlet.system.raft;

/**
 * The leader's view of one follower, as in etcd's raft: in PROBE it sends one append at a time and
 * waits for the answer (finding where the logs match); in REPLICATE it streams entries and advances
 * {@code next} optimistically; in SNAPSHOT it waits for an InstallSnapshot to land.
 */
final class Progress {
  enum State { PROBE, REPLICATE, SNAPSHOT }

  long match;
  long next;
  State state = State.PROBE;
  /** PROBE: an append is outstanding; no more until a response or the next heartbeat. */
  boolean probeSent;
  /** SNAPSHOT: the index of the snapshot in flight. */
  long pendingSnapshot;
  /** The leader's tick when this follower last made progress (or the stream last started). */
  long progressTick;
  /** Heard from since the last CheckQuorum round. */
  boolean recentActive;
  /** Highest heartbeat round acknowledged (ReadIndex). */
  long ackedRound;

  Progress(long next) {
    this.next = next;
  }

  void becomeProbe(long next, long tick) {
    state = State.PROBE;
    this.next = Math.max(match + 1, next);
    probeSent = false;
    progressTick = tick;
  }

  void becomeReplicate(long tick) {
    state = State.REPLICATE;
    next = match + 1;
    probeSent = false;
    progressTick = tick;
  }

  void becomeSnapshot(long snapshotIndex, long tick) {
    state = State.SNAPSHOT;
    pendingSnapshot = snapshotIndex;
    progressTick = tick;
  }

  boolean paused() {
    return (state == State.PROBE && probeSent) || state == State.SNAPSHOT;
  }

  @Override
  public String toString() {
    return state + "(match=" + match + " next=" + next + ")";
  }
}
