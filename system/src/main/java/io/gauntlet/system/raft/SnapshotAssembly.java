package io.gauntlet.system.raft;

import io.gauntlet.system.raft.RaftMessage.SnapshotRequest;
import java.io.ByteArrayOutputStream;

/**
 * A follower's partly received snapshot: the chunks of one snapshot of one leader, taken in order
 * (Figure 13). It is volatile: nothing is persisted or applied until the last chunk arrives.
 *
 * <p>A partial snapshot is keyed by the leader's term as well as the snapshot's (index, term):
 * two leaders' snapshots at the same index hold the same state but not necessarily the same bytes
 * (a map's encoding depends on how it was built), so chunks of different leaders never mix.
 */
final class SnapshotAssembly {
  private long leaderTerm = -1;
  private long index;
  private long snapshotTerm;
  private ByteArrayOutputStream bytes;

  /**
   * Takes a chunk and returns the whole snapshot if this chunk completes it, else null. A chunk of
   * a newer snapshot (a later leader term, or a later index of the same leader) discards what is
   * held; one of an older snapshot is ignored (a late copy). Within one snapshot, a chunk past the
   * bytes held (one before it was lost or is late) is ignored and a chunk already held adds
   * nothing: {@link #received()} tells the leader where to go on.
   */
  Snapshot offer(SnapshotRequest c) {
    if (!holds(c)) {
      if (bytes != null && isOlder(c)) {
        return null;
      }
      clear();
      if (c.offset() != 0) {
        return null; // the middle of a snapshot whose start we never got: the leader rewinds to 0
      }
      leaderTerm = c.term();
      index = c.lastIncludedIndex();
      snapshotTerm = c.lastIncludedTerm();
      bytes = new ByteArrayOutputStream(c.data().length);
    }
    long held = bytes.size();
    long end = c.offset() + c.data().length;
    if (c.offset() < 0 || c.offset() > held || end > Integer.MAX_VALUE - 16) {
      return null; // a gap (or a size no byte array holds)
    }
    if (end > held) {
      int skip = (int) (held - c.offset());
      bytes.write(c.data(), skip, c.data().length - skip);
    }
    if (!c.done() || end != bytes.size()) {
      return null;
    }
    Snapshot whole = new Snapshot(index, snapshotTerm, bytes.toByteArray());
    clear();
    return whole;
  }

  /** Bytes held of the snapshot {@code c} belongs to (0 if that is not the one being assembled). */
  long received(SnapshotRequest c) {
    return holds(c) ? bytes.size() : 0;
  }

  /** Drops any partial snapshot (its leader's term is over, or it was completed). */
  void clear() {
    leaderTerm = -1;
    bytes = null;
  }

  private boolean holds(SnapshotRequest c) {
    return bytes != null && c.term() == leaderTerm && c.lastIncludedIndex() == index
        && c.lastIncludedTerm() == snapshotTerm;
  }

  private boolean isOlder(SnapshotRequest c) {
    return c.term() < leaderTerm || (c.term() == leaderTerm && c.lastIncludedIndex() < index);
  }
}
