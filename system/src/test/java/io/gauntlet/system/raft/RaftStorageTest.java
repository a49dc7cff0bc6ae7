package io.gauntlet.system.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Durable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recovery rebuilds exactly the log a sequence of completed writes described. */
class RaftStorageTest {
  /** A Durable whose contents a test sets directly. */
  static final class Fixed implements Durable {
    final List<Record> records = new ArrayList<>();
    final Map<String, byte[]> blobs = new HashMap<>();
    long seq;

    void add(Entry e, long prevTerm) {
      add(e, prevTerm, 0);
    }

    void add(Entry e, long prevTerm, long baseSnapshotIndex) {
      records.add(new Record(++seq, RaftStorage.encodeEntry(e, prevTerm, baseSnapshotIndex)));
    }

    public long append(byte[] r) { throw new UnsupportedOperationException(); }
    public void put(String n, byte[] v) { blobs.put(n, v); }
    public void compact(long s) {}
    public void sync(Runnable r) { r.run(); }
    public List<Record> records() { return records; }
    public byte[] get(String n) { return blobs.get(n); }
    public long logBytes() { return 0; }
  }

  static Entry e(long index, long term) {
    return new Entry(index, term, new byte[] {(byte) index, (byte) term});
  }

  static String shape(RaftStorage.Recovered r) {
    StringBuilder b = new StringBuilder();
    for (Entry x : r.entries()) {
      b.append(x.index()).append('@').append(x.term()).append(' ');
    }
    return b.toString().trim();
  }

  @Test
  void laterRecordsOverwriteFromTheirIndex() {
    Fixed d = new Fixed();
    d.add(e(1, 1), 0);
    d.add(e(2, 1), 1);
    d.add(e(3, 1), 1);
    d.add(e(2, 2), 1); // a new leader's entry replaces 2 and drops 3
    d.add(e(3, 2), 2);
    RaftStorage.Recovered r = RaftStorage.recover(d);
    assertEquals("1@1 2@2 3@2", shape(r));
    assertEquals(List.of(1L, 4L, 5L), r.seqs());
  }

  @Test
  void recordsWrittenAfterASnapshotThatNeverLandedAreSkipped() {
    Fixed d = new Fixed();
    d.add(e(1, 1), 0);
    d.add(e(2, 1), 1);
    // A sync installed snapshot 4 and appended entries 5 and 6; the records landed, the blob did not.
    d.add(e(5, 3), 3, 4);
    d.add(e(6, 3), 3, 4);
    d.add(e(3, 2), 1); // after the restart: built on the durable state
    RaftStorage.Recovered r = RaftStorage.recover(d);
    assertEquals("1@1 2@1 3@2", shape(r));
    assertEquals(2, r.skippedUnsynced());
    assertEquals(5, r.lastSeq());
  }

  @Test
  void aGapNoIncompleteSyncExplainsIsAnErrorNotASilentSkip() {
    Fixed d = new Fixed();
    d.add(e(1, 1), 0);
    d.add(e(2, 1), 1);
    d.add(e(5, 3), 3); // entries 3 and 4 are missing, and no snapshot explains it
    d.add(e(6, 3), 3);
    IllegalStateException ex = assertThrows(IllegalStateException.class, () -> RaftStorage.recover(d));
    assertTrue(ex.getMessage().contains("log record seq 3") && ex.getMessage().contains("entries 3..4 are missing"),
        ex.getMessage());
  }

  @Test
  void aWrongPreviousTermNoIncompleteSyncExplainsIsAnError() {
    Fixed d = new Fixed();
    d.add(e(1, 1), 0);
    d.add(e(2, 1), 1);
    d.add(e(3, 3), 2); // says entry 2 has term 2, but the log's entry 2 has term 1
    IllegalStateException ex = assertThrows(IllegalStateException.class, () -> RaftStorage.recover(d));
    assertTrue(ex.getMessage().contains("log record seq 3") && ex.getMessage().contains("entry 2 has term 1"),
        ex.getMessage());
  }

  @Test
  void recordsMissingBetweenTheSnapshotAndTheLogAreAnError() {
    Fixed d = new Fixed();
    d.seq = 6; // records 1..6 are gone (say, a deleted log segment); 7 and 8 remain
    d.add(e(5, 1), 1, 2);
    d.add(e(6, 1), 1, 2);
    d.put(RaftStorage.SNAPSHOT, RaftStorage.encodeSnapshot(new Snapshot(2, 1, new byte[] {42}), 3));
    IllegalStateException ex = assertThrows(IllegalStateException.class, () -> RaftStorage.recover(d));
    assertTrue(ex.getMessage().contains("records 3..6 are missing"), ex.getMessage());
  }

  @Test
  void snapshotHidesOlderRecordsAndStartsTheLog() {
    Fixed d = new Fixed();
    d.add(e(1, 1), 0);
    d.add(e(2, 1), 1);
    d.add(e(3, 1), 1);
    d.add(e(4, 1), 1);
    d.put(RaftStorage.SNAPSHOT, RaftStorage.encodeSnapshot(new Snapshot(2, 1, new byte[] {42}), 3));
    d.put(RaftStorage.HARD_STATE, RaftStorage.encodeHardState(new HardState(4, "n2")));
    RaftStorage.Recovered r = RaftStorage.recover(d);
    assertEquals(2, r.snapshot().index());
    assertEquals("3@1 4@1", shape(r));
    assertEquals(new HardState(4, "n2"), r.hardState());
    assertEquals(4, r.lastSeq());
  }

  @Test
  void emptyStoreRecoversToNothing() {
    RaftStorage.Recovered r = RaftStorage.recover(new Fixed());
    assertTrue(r.entries().isEmpty());
    assertEquals(HardState.EMPTY, r.hardState());
    assertNull(r.hardState().votedFor());
  }

  @Test
  void corruptBlobIsAClearError() {
    Fixed d = new Fixed();
    d.put(RaftStorage.HARD_STATE, new byte[] {0, 0, 0});
    IllegalStateException ex = assertThrows(IllegalStateException.class, () -> RaftStorage.recover(d));
    assertTrue(ex.getMessage().contains(RaftStorage.HARD_STATE), ex.getMessage());
  }

  @Test
  void aNewerTermInTheLogRaisesTheTermAndForgetsAnOlderVote() {
    RaftCore c = new RaftCore("n0", List.of("n0", "n1", "n2"), new RaftConfig(), new java.util.SplittableRandom(1),
        new HardState(2, "n1"), Snapshot.EMPTY, List.of(e(1, 3)));
    assertEquals(3, c.term());
    assertNull(c.votedFor());
  }
}
