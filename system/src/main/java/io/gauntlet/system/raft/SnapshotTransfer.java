package io.gauntlet.system.raft;

import io.gauntlet.system.raft.RaftMessage.SnapshotRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The leader's side of sending one snapshot to one follower in chunks: a window of unacknowledged
 * bytes paces it (the follower answers every chunk with how much it holds), and when nothing is
 * acknowledged for a while it rewinds to what the follower last said it holds and sends one chunk
 * at a time until the follower answers again (a lost chunk, a follower that restarted and lost
 * its partial copy).
 *
 * <p>The snapshot is pinned: one the leader takes meanwhile does not restart the transfer, or a
 * follower of a leader that snapshots more often than a transfer takes would never finish one.
 */
final class SnapshotTransfer {
  final Snapshot snapshot;
  /** The follower confirmed holding bytes [0, acked). */
  private long acked;
  /** The next byte to send. */
  private long next;
  /** What the follower last said it holds (below {@code acked} if it lost its partial copy). */
  private long reported;
  /** Whether the chunk at {@code next} went out since the last rewind (an empty snapshot is one chunk). */
  private boolean started;
  /** After a rewind: one chunk at a time until the follower answers with progress. */
  private boolean probing;

  SnapshotTransfer(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /**
   * The chunks to send now, from {@code next} on while fewer than {@code chunksInFlight} chunks'
   * bytes are unacknowledged.
   */
  List<SnapshotRequest> chunks(long term, int chunkBytes, int chunksInFlight) {
    byte[] data = snapshot.data();
    long window = (long) chunkBytes * (probing ? 1 : chunksInFlight);
    List<SnapshotRequest> out = new ArrayList<>();
    while ((!started || next < data.length) && next - acked < window) {
      int from = (int) next;
      int to = (int) Math.min(data.length, next + chunkBytes);
      out.add(new SnapshotRequest(term, snapshot.index(), snapshot.term(), from, Arrays.copyOfRange(data, from, to),
          to == data.length));
      next = to;
      started = true;
    }
    return out;
  }

  /** The follower holds the first {@code received} bytes; returns whether that is progress. */
  boolean onReceived(long received) {
    reported = received;
    if (received <= acked) {
      return false;
    }
    acked = Math.min(received, snapshot.data().length);
    next = Math.max(next, acked);
    probing = false;
    return true;
  }

  /** Nothing was acknowledged for a while: resume at what the follower last reported, one chunk at a time. */
  void rewind() {
    acked = Math.min(reported, snapshot.data().length);
    next = acked;
    started = false;
    probing = true;
  }

  @Override
  public String toString() {
    return "transfer(" + snapshot.index() + " acked=" + acked + " next=" + next + "/" + snapshot.data().length + ")";
  }
}
