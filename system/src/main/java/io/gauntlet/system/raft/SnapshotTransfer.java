package io.gauntlet.system.raft;

import io.gauntlet.system.raft.RaftMessage.SnapshotRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The leader's side of sending one snapshot to one follower in chunks: a window of unacknowledged
 * bytes paces it (the follower answers every chunk with how much it holds in order). An answer that
 * holds no more than before while later chunks are out means a chunk was lost (the follower keeps
 * the later ones): the missing one is sent again at once, once per position. When nothing is
 * acknowledged for a while it rewinds to what the follower last said it holds and sends one chunk
 * at a time until the follower answers again (lost answers, a follower that restarted and lost its
 * partial copy).
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
  /** The chunk at {@code acked} is to be sent again (it was lost: a later one arrived first). */
  private boolean resend;
  /** Where the last such resend was, so that a run of answers resends a chunk only once. */
  private long resentAt = -1;

  SnapshotTransfer(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /**
   * The chunks to send now, from {@code next} on while fewer than {@code chunksInFlight} chunks'
   * bytes are unacknowledged.
   */
  List<SnapshotRequest> chunks(long term, int chunkBytes, int chunksInFlight) {
    long window = (long) chunkBytes * (probing ? 1 : chunksInFlight);
    List<SnapshotRequest> out = new ArrayList<>();
    if (resend) {
      out.add(chunkAt(term, acked, chunkBytes));
      resend = false;
    }
    while ((!started || next < snapshot.data().length) && next - acked < window) {
      SnapshotRequest c = chunkAt(term, next, chunkBytes);
      out.add(c);
      next = c.offset() + c.data().length;
      started = true;
    }
    return out;
  }

  private SnapshotRequest chunkAt(long term, long offset, int chunkBytes) {
    byte[] data = snapshot.data();
    int to = (int) Math.min(data.length, offset + chunkBytes);
    return new SnapshotRequest(term, snapshot.index(), snapshot.term(), offset,
        Arrays.copyOfRange(data, (int) offset, to), to == data.length);
  }

  /** The follower holds the first {@code received} bytes; returns whether that is progress. */
  boolean onReceived(long received) {
    reported = received;
    if (received == acked && next > acked && resentAt != acked) {
      resend = true;
      resentAt = acked;
    }
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
