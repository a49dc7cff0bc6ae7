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
 * <p>Each entry record carries the term of the entry before it. Recovery replays a record only if it
 * extends the log rebuilt so far consistently (its index is at most last + 1 and its previous term
 * matches), which is the AppendEntries consistency check. A record that fails it can only come from
 * a sync that never completed (so nothing was acknowledged from it), for example log records that
 * reached the disk while the snapshot blob written with them did not; it is skipped.
 */
public final class RaftStorage {
  public static final String HARD_STATE = "raft-hardstate";
  public static final String SNAPSHOT = "raft-snapshot";
  private static final byte ENTRY = 1;
  private static final byte MAGIC = (byte) 0xA7;

  private RaftStorage() {}

  /** What recovery found: hard state, snapshot, the log after it and each entry's record seq. */
  public record Recovered(HardState hardState, Snapshot snapshot, List<Entry> entries, List<Long> seqs, long lastSeq) {}

  public static byte[] encodeEntry(Entry e, long prevTerm) {
    int n = e.data() == null ? 0 : e.data().length;
    ByteBuffer b = ByteBuffer.allocate(1 + 8 * 3 + 4 + n);
    b.put(ENTRY).putLong(e.index()).putLong(e.term()).putLong(prevTerm);
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
    for (Durable.Record r : d.records()) {
      lastSeq = Math.max(lastSeq, r.seq());
      if (r.seq() < firstValid) {
        continue;
      }
      ByteBuffer b = ByteBuffer.wrap(r.data());
      check(r.data().length >= 29 && b.get() == ENTRY, "log record seq " + r.seq() + ": not a Raft entry record");
      long index = b.getLong();
      long term = b.getLong();
      long prevTerm = b.getLong();
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
      if (index > last + 1) {
        continue; // a gap: left over from a sync that did not complete
      }
      long before = index - 1 == snap.index() ? snap.term() : log.get((int) (index - 1 - snap.index() - 1)).term();
      if (before != prevTerm) {
        continue; // does not extend this log: left over from a sync that did not complete
      }
      int keep = (int) (index - snap.index() - 1);
      log.subList(keep, log.size()).clear();
      seqs.subList(keep, seqs.size()).clear();
      log.add(new Entry(index, term, data));
      seqs.add(r.seq());
    }
    return new Recovered(hs, snap, log, seqs, lastSeq);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("corrupt Raft state: " + what);
    }
  }
}
