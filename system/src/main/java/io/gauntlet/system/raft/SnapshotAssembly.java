package io.gauntlet.system.raft;

import io.gauntlet.system.raft.RaftMessage.SnapshotRequest;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * A follower's partly received snapshot: the chunks of one snapshot of one leader, put together
 * in order (Figure 13). It is volatile: nothing is persisted or applied until the last chunk arrives.
 *
 * <p>A partial snapshot is keyed by the leader's term as well as the snapshot's (index, term):
 * two leaders' snapshots at the same index hold the same state but not necessarily the same bytes
 * (a map's encoding depends on how it was built), so chunks of different leaders never mix.
 *
 * <p>Chunks that arrive ahead of a missing one (the network reordered or lost it) are kept, up to
 * a window's worth of bytes beyond those held, so that a reordering costs nothing and a loss costs
 * one resent chunk, not the rest of the window again.
 */
final class SnapshotAssembly {
  private final long maxEarlyBytes;
  private long leaderTerm = -1;
  private long index;
  private long snapshotTerm;
  private ByteArrayOutputStream bytes;
  /** Chunks past the bytes held, by offset. */
  private final TreeMap<Long, SnapshotRequest> early = new TreeMap<>();
  private long earlyBytes;

  /** @param maxEarlyBytes how far past the bytes held chunks are kept (the leader's window) */
  SnapshotAssembly(long maxEarlyBytes) {
    this.maxEarlyBytes = maxEarlyBytes;
  }

  /**
   * Takes a chunk and returns the whole snapshot if this chunk completes it, else null. A chunk of
   * a newer snapshot (a later leader term, or a later index of the same leader) discards what is
   * held and starts over; one of an older snapshot is ignored (a late copy). A chunk already held
   * adds nothing; {@link #received} tells the leader where to go on.
   */
  Snapshot offer(SnapshotRequest c) {
    if (!holds(c)) {
      if (bytes != null && isOlder(c)) {
        return null;
      }
      clear();
      leaderTerm = c.term();
      index = c.lastIncludedIndex();
      snapshotTerm = c.lastIncludedTerm();
      bytes = new ByteArrayOutputStream();
    }
    long end = c.offset() + c.data().length;
    if (c.offset() < 0 || end > Integer.MAX_VALUE - 16) {
      return null; // no byte array holds that
    }
    if (c.offset() > bytes.size()) {
      keepEarly(c, end);
      return null;
    }
    for (SnapshotRequest next = c; next != null; next = nextEarly()) {
      if (append(next)) {
        Snapshot whole = new Snapshot(index, snapshotTerm, bytes.toByteArray());
        clear();
        return whole;
      }
    }
    return null;
  }

  /** Adds what {@code c} holds past the bytes held; true if that completes the snapshot. */
  private boolean append(SnapshotRequest c) {
    long held = bytes.size();
    long end = c.offset() + c.data().length;
    if (end > held) {
      int skip = (int) (held - c.offset());
      bytes.write(c.data(), skip, c.data().length - skip);
    }
    return c.done() && end == bytes.size();
  }

  private void keepEarly(SnapshotRequest c, long end) {
    if (end - bytes.size() <= maxEarlyBytes && earlyBytes + c.data().length <= maxEarlyBytes
        && !early.containsKey(c.offset())) {
      early.put(c.offset(), c);
      earlyBytes += c.data().length;
    }
  }

  /** The kept chunk that now follows the bytes held, if any. */
  private SnapshotRequest nextEarly() {
    Map.Entry<Long, SnapshotRequest> first = early.firstEntry();
    if (first == null || first.getKey() > bytes.size()) {
      return null;
    }
    early.pollFirstEntry();
    earlyBytes -= first.getValue().data().length;
    return first.getValue();
  }

  /** Bytes held of the snapshot {@code c} belongs to (0 if that is not the one being assembled). */
  long received(SnapshotRequest c) {
    return holds(c) ? bytes.size() : 0;
  }

  /** Drops any partial snapshot (its leader's term is over, or it was completed). */
  void clear() {
    leaderTerm = -1;
    bytes = null;
    early.clear();
    earlyBytes = 0;
  }

  private boolean holds(SnapshotRequest c) {
    return bytes != null && c.term() == leaderTerm && c.lastIncludedIndex() == index
        && c.lastIncludedTerm() == snapshotTerm;
  }

  private boolean isOlder(SnapshotRequest c) {
    return c.term() < leaderTerm || (c.term() == leaderTerm && c.lastIncludedIndex() < index);
  }
}
