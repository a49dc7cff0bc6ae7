package io.gauntlet.system.raft;

/**
 * The leader's view of one follower, as in etcd's raft: in PROBE it sends one append at a time and
 * waits for the answer (finding where the logs match); in REPLICATE it streams entries and advances
 * {@code next} optimistically; in SNAPSHOT it sends a snapshot in chunks and sends no entries.
 */
final class Progress {
  enum State { PROBE, REPLICATE, SNAPSHOT }

  long match;
  long next;
  State state = State.PROBE;
  /** PROBE: an append is outstanding; no more until a response or the next heartbeat. */
  boolean probeSent;
  /** SNAPSHOT: the snapshot being sent and how far it got. */
  SnapshotTransfer transfer;
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
    transfer = null;
    this.next = Math.max(match + 1, next);
    probeSent = false;
    progressTick = tick;
  }

  void becomeReplicate(long tick) {
    state = State.REPLICATE;
    transfer = null;
    next = match + 1;
    probeSent = false;
    progressTick = tick;
  }

  void becomeSnapshot(Snapshot snapshot, long tick) {
    state = State.SNAPSHOT;
    transfer = new SnapshotTransfer(snapshot);
    progressTick = tick;
  }

  boolean paused() {
    return (state == State.PROBE && probeSent) || state == State.SNAPSHOT;
  }

  @Override
  public String toString() {
    return state + "(match=" + match + " next=" + next + (transfer == null ? "" : " " + transfer) + ")";
  }
}
