package io.gauntlet.system.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gauntlet.system.raft.sim.InvariantViolation;
import io.gauntlet.system.raft.sim.RaftInvariants;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each invariant check fires on a hand-built trace that violates it, and stays quiet otherwise. */
class RaftInvariantsTest {
  static final byte[] A = {1};
  static final byte[] B = {2};

  static void fires(String invariant, Executable trace) {
    InvariantViolation v = assertThrows(InvariantViolation.class, trace);
    assertEquals(invariant, v.invariant(), v.getMessage());
  }

  @Test
  void electionSafety() {
    RaftInvariants inv = new RaftInvariants();
    inv.leader("n0", 1);
    inv.leader("n1", 2);
    inv.leader("n1", 2); // the same leader again is fine
    fires(RaftInvariants.ELECTION_SAFETY, () -> inv.leader("n2", 2));
  }

  @Test
  void termsNeverDecreaseAlongALog() {
    RaftInvariants inv = new RaftInvariants();
    inv.termsInOrder("n0", 10, 6, 6);
    inv.termsInOrder("n0", 10, 6, 7);
    inv.termsInOrder("n0", 10, 6, -1); // nothing after the appended entries
    inv.termsInOrder("n0", 10, -1, 5); // compacted into a snapshot: not known
    fires(RaftInvariants.TERMS_IN_ORDER, () -> inv.termsInOrder("n0", 10, 6, 5));
  }

  @Test
  void anAppendMovesAFollowersCommitOnlyToItsLastNewEntry() {
    RaftInvariants inv = new RaftInvariants();
    inv.followerCommit("n1", 5, 8, 8);
    inv.followerCommit("n1", 9, 9, 8); // already past it: unchanged
    inv.followerCommit("n1", 5, 5, 3);
    fires(RaftInvariants.FOLLOWER_COMMIT_RULE, () -> inv.followerCommit("n1", 5, 9, 8));
  }

  @Test
  void sameIndexAndTermMeansSameCommand() {
    RaftInvariants inv = new RaftInvariants();
    inv.entry("n0", 1, 1, A);
    inv.entry("n1", 1, 1, A);
    inv.entry("n1", 1, 2, B); // another term at the same index is another entry
    fires(RaftInvariants.LOG_MATCHING, () -> inv.entry("n2", 1, 1, B));
  }

  @Test
  void logsAgreeBeforeAMatchingEntry() {
    // n0: [1@1 A, 2@1 A]; n1: [1@1 B, 2@1 A]: they match at 2 but differ at 1.
    RaftCore x = core("n0", List.of(new Entry(1, 1, A), new Entry(2, 1, A)));
    RaftCore y = core("n1", List.of(new Entry(1, 1, B), new Entry(2, 1, A)));
    RaftCore z = core("n2", List.of(new Entry(1, 1, A), new Entry(2, 1, A)));
    new RaftInvariants().checkLogs(List.of(x, z));
    fires(RaftInvariants.LOG_MATCHING, () -> new RaftInvariants().checkLogs(List.of(x, y)));
  }

  @Test
  void leaderCompleteness() {
    RaftInvariants inv = new RaftInvariants();
    inv.committed(1, 2, 1, i -> 1); // the leader of term 1 committed entries 1 and 2 (both term 1)
    inv.committed(3, 3, 5, i -> 5); // the leader of term 5 committed entry 3
    inv.onBecomeLeader(core("n1", List.of(new Entry(1, 1, A), new Entry(2, 1, A)), 2));
    // A leader of term 4 may lack entry 3: it was committed in a later term (delayed votes).
    inv.onBecomeLeader(core("n3", List.of(new Entry(1, 1, A), new Entry(2, 1, A)), 4));
    // n2 lacks committed entry 2 but claims leadership of term 3.
    fires(RaftInvariants.LEADER_COMPLETENESS,
        () -> inv.onBecomeLeader(core("n2", List.of(new Entry(1, 1, A)), 3)));
  }

  @Test
  void stateMachineSafety() {
    RaftInvariants inv = new RaftInvariants();
    inv.applied("n0", 1, 1, A);
    inv.applied("n1", 1, 1, A);
    fires(RaftInvariants.STATE_MACHINE_SAFETY, () -> inv.applied("n2", 1, 1, B));
  }

  @Test
  void appliedIndexNeverGoesBackwards() {
    RaftInvariants inv = new RaftInvariants();
    inv.applyOrder("n0", 0, 1, false);
    inv.applyOrder("n0", 1, 10, true);
    fires(RaftInvariants.APPLY_ORDER, () -> inv.applyOrder("n0", 10, 12, false)); // a gap
    fires(RaftInvariants.APPLY_ORDER, () -> inv.applyOrder("n0", 10, 10, false)); // again
    fires(RaftInvariants.APPLY_ORDER, () -> inv.applyOrder("n0", 10, 5, true)); // an older snapshot
  }

  @Test
  void readsSeeEverythingCommittedBeforeThem() {
    RaftInvariants inv = new RaftInvariants();
    inv.readConfirmed("n0", 5, 5);
    fires(RaftInvariants.READ_INDEX, () -> inv.readConfirmed("n0", 5, 4));
  }

  static RaftCore core(String id, List<Entry> entries) {
    return core(id, entries, entries.isEmpty() ? 0 : entries.get(entries.size() - 1).term());
  }

  static RaftCore core(String id, List<Entry> entries, long term) {
    return new RaftCore(id, List.of("n0", "n1", "n2"), new RaftConfig(), new SplittableRandom(1),
        new HardState(term, null), Snapshot.EMPTY, entries);
  }
}
