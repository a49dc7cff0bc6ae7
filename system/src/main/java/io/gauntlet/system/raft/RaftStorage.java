package io.gauntlet.system.raft;

import io.gauntlet.system.runtime.Durable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How Raft lays its state out in a {@link Durable}: one log record per entry (a later record for
 * the same index overwrites, as in etcd's WAL), the hard state in blob {@value #HARD_STATE}, and the
 * snapshot in blob {@value #SNAPSHOT} together with the sequence number of the first log record
 * that is still valid after it.
 *
 * <p>Each entry record carries the term of the entry before it and the index of the snapshot the
 * log was built on when it was written (its base). Recovery replays a record only if it extends the
 * log rebuilt so far consistently (its index is at most last + 1 and its previous term matches),
 * which is the AppendEntries consistency check. A crash can leave records that fail it only in one
 * way: log records reach the disk before the blobs of the same sync, so a sync that installed a
 * snapshot and then appended entries can leave the entries without the snapshot. Such a record's
 * base is newer than the durable snapshot, which proves its sync never completed (nothing was
 * acknowledged from it), and it is skipped. Any other record that fails the check, and records
 * missing between the snapshot and the log, are damage: recovery stops with an error naming the
 * record, instead of starting with less state than the node acknowledged.
 */
public final class RaftStorage {
  public static final String HARD_STATE = "raft-hardstate";
  public static final String SNAPSHOT = "raft-snapshot";
  /** Entry records of format 1 (without a base) are refused: they cannot prove a skip safe. */
  private static final byte ENTRY = 2;
  static final int ENTRY_HEADER_BYTES = 1 + 8 * 4 + 4;
  private static final byte MAGIC = (byte) 0xA7;

  private RaftStorage() {}

  /**
   * What recovery found: hard state, snapshot, the log after it and each entry's record seq, and
   * how many records were skipped as left over from a sync that never completed.
   */
  public record Recovered(HardState hardState, Snapshot snapshot, List<Entry> entries, List<Long> seqs, long lastSeq,
      int skippedUnsynced) {}

  /**
   * Encodes an entry record.
   *
   * @param prevTerm the term of entry {@code e.index() - 1}
   * @param baseSnapshotIndex the index of the newest snapshot staged before this record
   */
  public static byte[] encodeEntry(Entry e, long prevTerm, long baseSnapshotIndex) {
    int n = e.data() == null ? 0 : e.data().length;
    ByteBuffer b = ByteBuffer.allocate(ENTRY_HEADER_BYTES + n);
    b.put(ENTRY).putLong(e.index()).putLong(e.term()).putLong(prevTerm).putLong(baseSnapshotIndex);
    b.putInt(e.data() == null ? -1 : n);
    if (e.data() != null) {
      b.put(e.data());
    }
    return b.array();
  }

  public static byte[] encodeHardState(HardState hs) {
    byte[] v = hs.votedFor() == null ? new byte[0] : hs.votedFor().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + v.length);
    b.put(MAGIC).putLong(hs.term()).putInt(hs.votedFor() == null ? -1 : v.length).put(v);
    return b.array();
  }

  public static byte[] encodeSnapshot(Snapshot s, long firstValidSeq) {
    ByteBuffer b = ByteBuffer.allocate(1 + 8 * 3 + 4 + s.data().length);
    b.put(MAGIC).putLong(s.index()).putLong(s.term()).putLong(firstValidSeq).putInt(s.data().length).put(s.data());
    return b.array();
  }

  /** Rebuilds Raft's durable state; a blob or record that cannot be decoded is a clear error. */
  public static Recovered recover(Durable d) {
    HardState hs = HardState.EMPTY;
    byte[] h = d.get(HARD_STATE);
    if (h != null) {
      ByteBuffer b = ByteBuffer.wrap(h);
      check(b.get() == MAGIC, "blob " + HARD_STATE + ": bad magic byte");
      long term = b.getLong();
      int len = b.getInt();
      String vote = null;
      if (len >= 0) {
        byte[] v = new byte[len];
        b.get(v);
        vote = new String(v, StandardCharsets.UTF_8);
      }
      hs = new HardState(term, vote);
    }
    Snapshot snap = Snapshot.EMPTY;
    long firstValid = 0;
    byte[] s = d.get(SNAPSHOT);
    if (s != null) {
      ByteBuffer b = ByteBuffer.wrap(s);
      check(b.get() == MAGIC, "blob " + SNAPSHOT + ": bad magic byte");
      long index = b.getLong();
      long term = b.getLong();
      firstValid = b.getLong();
      byte[] data = new byte[b.getInt()];
      b.get(data);
      snap = new Snapshot(index, term, data);
    }
    List<Entry> log = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    long lastSeq = 0;
    int skipped = 0;
    boolean first = true;
    for (Durable.Record r : d.records()) {
      lastSeq = Math.max(lastSeq, r.seq());
      if (first && r.seq() > firstValid && s != null) {
        // Records are contiguous and compaction drops only records below firstValid.
        throw new IllegalStateException("corrupt Raft state: the snapshot blob says the log continues"
            + " at record " + firstValid + " but the oldest log record is " + r.seq() + ": records "
            + firstValid + ".." + (r.seq() - 1) + " are missing (a deleted log segment?); refusing to"
            + " start with less state than this node acknowledged");
      }
      first = false;
      if (r.seq() < firstValid) {
        continue;
      }
      ByteBuffer b = ByteBuffer.wrap(r.data());
      check(r.data().length >= ENTRY_HEADER_BYTES && b.get() == ENTRY, "log record seq " + r.seq()
          + ": not a Raft entry record of this format (type " + (r.data().length > 0 ? r.data()[0] : -1) + ")");
      long index = b.getLong();
      long term = b.getLong();
      long prevTerm = b.getLong();
      long base = b.getLong();
      int len = b.getInt();
      byte[] data = null;
      if (len >= 0) {
        check(len == b.remaining(), "log record seq " + r.seq() + ": length " + len + " but " + b.remaining() + " bytes follow");
        data = new byte[len];
        b.get(data);
      }
      if (index <= snap.index()) {
        continue;
      }
      long last = snap.index() + log.size();
      long before = index > last + 1 ? -1
          : index - 1 == snap.index() ? snap.term() : log.get((int) (index - 1 - snap.index() - 1)).term();
      if (before != prevTerm) {
        if (base > snap.index()) {
          skipped++; // written after a snapshot whose blob never landed: its sync never completed
          continue;
        }
        throw new IllegalStateException("corrupt Raft state: log record seq " + r.seq() + " (entry "
            + index + " term " + term + ", previous term " + prevTerm + ") does not extend the log"
            + " rebuilt so far (snapshot " + snap.index() + ", last entry " + last
            + (index > last + 1 ? ", so entries " + (last + 1) + ".." + (index - 1) + " are missing"
                : ", whose entry " + (index - 1) + " has term " + before) + "), and no incomplete sync"
            + " explains it; refusing to start with less state than this node acknowledged");
      }
      int keep = (int) (index - snap.index() - 1);
      log.subList(keep, log.size()).clear();
      seqs.subList(keep, seqs.size()).clear();
      log.add(new Entry(index, term, data));
      seqs.add(r.seq());
    }
    // Compaction may have dropped every record; the next snapshot's firstValid must still not
    // point below records that compaction already dropped.
    return new Recovered(hs, snap, log, seqs, Math.max(lastSeq, firstValid - 1), skipped);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("corrupt Raft state: " + what);
    }
  }
}
