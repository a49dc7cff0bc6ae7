package io.gauntlet.control.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.node.RaftJournal;
import io.gauntlet.system.raft.Entry;
import io.gauntlet.system.raft.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal check flags two leaders of a term and two entries at an index, and nothing else. */
class JournalCheckTest {
  @TempDir
  Path dir;

  private Path journal(String node, String text) throws Exception {
    Path p = dir.resolve(node + ".log");
    Files.writeString(p, text);
    return p;
  }

  private static String header(String node, String group) {
    return "# raft journal node=" + node + " group=" + group + " pid=1\n";
  }

  @Test
  void agreeingJournalsAreSafeAndCounted() throws Exception {
    Map<String, Path> j = new LinkedHashMap<>();
    j.put("n1", journal("n1", header("n1", "kvraft") + "leader 2\napply 1 2 noop\napply 2 2 0000abcd\n"));
    j.put("n2", journal("n2", header("n2", "kvraft") + "apply 1 2 noop\napply 2 2 0000abcd\n"
        + header("n2", "kvraft") + "snapshot 1 2\napply 2 2 0000abcd\napply 3 2 00001234\nleader 3\n"));
    JournalCheck.Result r = JournalCheck.check(j);
    assertTrue(r.safe(), r.violations().toString());
    assertEquals(2, r.leaders());
    assertEquals(6, r.applied());
    assertEquals(2, r.checked(), "indexes 1 and 2 were applied more than once");
    assertTrue(r.problems().isEmpty(), r.problems().toString());
  }

  @Test
  void twoLeadersOfOneTermAreAnElectionSafetyViolation() throws Exception {
    Map<String, Path> j = new LinkedHashMap<>();
    j.put("n1", journal("n1", header("n1", "kvraft") + "leader 5\n"));
    j.put("n2", journal("n2", header("n2", "kvraft") + "leader 4\nleader 5\n"));
    JournalCheck.Result r = JournalCheck.check(j);
    assertFalse(r.safe());
    assertEquals(1, r.violationCount());
    assertEquals("election safety: group kvraft term 5 has two leaders, n1 (nodes/n1/raft-journal.log line 2) and n2"
        + " (nodes/n2/raft-journal.log line 3)", r.violations().get(0));
  }

  @Test
  void differentEntriesAtOneIndexAreAStateMachineSafetyViolation() throws Exception {
    Map<String, Path> j = new LinkedHashMap<>();
    j.put("n1", journal("n1", header("n1", "kvraft") + "snapshot 6 2\napply 7 3 0000abcd\n"));
    j.put("n2", journal("n2", header("n2", "kvraft") + "snapshot 6 2\napply 7 2 0000abcd\n"));
    j.put("n3", journal("n3", header("n3", "kvraft") + "snapshot 6 2\napply 7 3 0000abce\n"));
    JournalCheck.Result r = JournalCheck.check(j);
    assertEquals(2, r.violationCount());
    assertTrue(r.violations().get(0).startsWith("state machine safety: group kvraft index 7 applied as term 3 entry 0000abcd by n1"),
        r.violations().get(0));
  }

  @Test
  void aNodeThatReappliesADifferentEntryAfterARestartIsFlagged() throws Exception {
    Map<String, Path> j = Map.of("n1", journal("n1", header("n1", "kvraft") + "snapshot 6 3\napply 7 3 0000abcd\n"
        + header("n1", "kvraft") + "snapshot 6 3\napply 7 4 0000ffff\n"));
    JournalCheck.Result r = JournalCheck.check(j);
    assertEquals(1, r.violationCount(), r.violations().toString());
    assertTrue(r.violations().get(0).startsWith("state machine safety"), r.violations().get(0));
  }

  @Test
  void entriesAreAppliedOneAfterTheOtherWithinARun() throws Exception {
    String ok = header("n1", "kvraft") + "apply 1 1 noop\napply 2 1 0000abcd\nsnapshot 9 2\napply 10 2 00000001\n"
        + header("n1", "kvraft") + "apply 1 1 noop\n";
    assertTrue(JournalCheck.check(Map.of("n1", journal("ok", ok))).safe());
    Map<String, String> bad = Map.of(
        "applied index 3 after 1 (skipped 2..2)", header("n1", "kvraft") + "apply 1 1 noop\napply 3 1 0000abcd\n",
        "applied index 2 after 2 (applied twice in one run)", header("n1", "kvraft") + "apply 1 1 noop\napply 2 1 0000abcd\napply 2 1 0000abcd\n",
        "took a snapshot through index 1 after applying through 2",
        header("n1", "kvraft") + "apply 1 1 noop\napply 2 1 0000abcd\nsnapshot 1 1\n");
    for (Map.Entry<String, String> b : bad.entrySet()) {
      JournalCheck.Result r = JournalCheck.check(Map.of("n1", journal("bad", b.getValue())));
      assertEquals(1, r.violationCount(), b.getKey() + ": " + r.violations());
      assertTrue(r.violations().get(0).startsWith("apply order: n1 ") && r.violations().get(0).contains(b.getKey()),
          r.violations().get(0));
    }
  }

  @Test
  void groupsHaveTheirOwnTermsAndIndexes() throws Exception {
    Map<String, Path> j = new LinkedHashMap<>();
    j.put("n4", journal("n4", header("n4", "100") + "leader 2\nsnapshot 4 2\napply 5 2 0000abcd\n"));
    j.put("n7", journal("n7", header("n7", "101") + "leader 2\nsnapshot 4 2\napply 5 2 00000001\n"));
    assertTrue(JournalCheck.check(j).safe());
  }

  @Test
  void missingJournalsAndBadLinesAreProblemsNotAgreement() throws Exception {
    Map<String, Path> j = new LinkedHashMap<>();
    j.put("n1", journal("n1", header("n1", "kvraft") + "apply 7 3 0000ab\nleader x\n"));
    j.put("n2", null);
    j.put("n3", dir.resolve("absent"));
    JournalCheck.Result r = JournalCheck.check(j);
    assertTrue(r.safe());
    assertEquals(0, r.applied());
    assertEquals(4, r.problems().size(), r.problems().toString());
    assertTrue(r.problems().get(0).contains("line 2 does not parse: apply 7 3 0000ab"), r.problems().get(0));
  }

  /** What the node writes is what the check reads. */
  @Test
  void theNodesJournalReadsBack() throws Exception {
    Path p = dir.resolve("raft-journal.log");
    try (RaftJournal w = new RaftJournal(p, "n1", "kvraft")) {
      w.onApply(null, new Entry(1, 1, null));
      w.onApply(null, new Entry(2, 1, "x".getBytes(StandardCharsets.UTF_8)));
    }
    try (RaftJournal w = new RaftJournal(p, "n1", "kvraft")) {
      w.onSnapshotApply(null, new Snapshot(1, 1, new byte[0]));
      w.onApply(null, new Entry(2, 1, "x".getBytes(StandardCharsets.UTF_8)));
    }
    JournalCheck.Result r = JournalCheck.check(Map.of("n1", p));
    assertTrue(r.safe() && r.problems().isEmpty(), r.toString());
    assertEquals(3, r.applied());
    assertEquals(1, r.checked());
  }
}
