package io.gauntlet.system.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gauntlet.system.raft.RaftMessage.AppendRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The core driven by hand-built messages, for rules a script shows more directly than a soak. */
class RaftCoreTest {
  static Entry e(long index, long term) {
    return new Entry(index, term, new byte[] {(byte) index, (byte) term});
  }

  /**
   * Figure 2, AppendEntries rule 5: commitIndex = min(leaderCommit, index of last NEW entry). A
   * follower holding a stale suffix (6..10 of term 2) receives a term-3 append that matches only
   * through 7 while the leader has committed 9 (its own, different entries 8 and 9): the follower
   * may commit 7, not its stale 8 and 9.
   */
  @Test
  void commitStopsAtTheLastNewEntryNotTheStaleSuffix() {
    List<Entry> log = new ArrayList<>();
    for (long i = 1; i <= 5; i++) {
      log.add(e(i, 1));
    }
    for (long i = 6; i <= 10; i++) {
      log.add(e(i, 2));
    }
    RaftCore f = new RaftCore("n1", List.of("n0", "n1", "n2"), new RaftConfig(), new SplittableRandom(1),
        new HardState(2, null), Snapshot.EMPTY, log);
    f.step("n0", new AppendRequest(3, 5, 1, List.of(e(6, 2), e(7, 2)), 9));
    assertEquals(7, f.commitIndex(), "committed entries the leader never sent (stale suffix)");
    assertEquals(10, f.lastIndex(), "matching entries must not truncate the log");
    Ready rd = f.ready();
    assertEquals(7, rd.committed().isEmpty() ? 0 : rd.committed().get(rd.committed().size() - 1).index());
  }

  /** A conflicting entry truncates the follower's log from that index before appending. */
  @Test
  void conflictTruncatesFromTheConflict() {
    List<Entry> log = new ArrayList<>();
    for (long i = 1; i <= 6; i++) {
      log.add(e(i, i <= 3 ? 1 : 2));
    }
    RaftCore f = new RaftCore("n1", List.of("n0", "n1", "n2"), new RaftConfig(), new SplittableRandom(1),
        new HardState(2, null), Snapshot.EMPTY, log);
    f.step("n0", new AppendRequest(3, 3, 1, List.of(e(4, 3)), 0));
    assertEquals(4, f.lastIndex());
    assertEquals(3, f.entryTerm(4));
  }
}
