package io.gauntlet.system.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gauntlet.system.raft.RaftMessage.AppendRequest;
import io.gauntlet.system.raft.RaftMessage.AppendResponse;
import io.gauntlet.system.raft.RaftMessage.VoteRequest;
import io.gauntlet.system.raft.RaftMessage.VoteResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules of Figure 2 (and of PreVote/CheckQuorum) that a soak reaches only in narrow windows, each a
 * row: a script drives node n0 of a 3-node cluster {n0, n1, n2} by hand and reports what it did,
 * which must equal the row's expectation. In the style of etcd's raft tests.
 */
class RaftRulesTest {
  /** One row: the rule, the script (returns what n0 did), and the expected answer. */
  record Rule(String rule, Function<RaftCore, String> script, String expected) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Rule> rules() {
    return Stream.of(
        new Rule("a leader that steps down by CheckQuorum remembers its vote for itself in that term",
            n0 -> {
              leader(n0); // term 2, voted for itself
              ticks(n0, 2 * config().electionTicks); // no follower answers: the 2nd CheckQuorum round steps it down
              n0.step("n2", new VoteRequest(2, 0, 0, false));
              return n0.role() + " t" + n0.term() + " vote " + voteAnswer(n0, "n2");
            },
            "FOLLOWER t2 vote rejected"),
        new Rule("a candidate that lost (a quorum rejected it) remembers its vote for itself in that term",
            n0 -> {
              candidate(n0);
              n0.step("n1", new VoteResponse(2, false, false));
              n0.step("n2", new VoteResponse(2, false, false));
              drain(n0);
              n0.step("n1", new VoteRequest(2, 0, 0, false));
              return n0.role() + " t" + n0.term() + " vote " + voteAnswer(n0, "n1");
            },
            "FOLLOWER t2 vote rejected"),
        new Rule("a follower grants a retransmitted request of the candidate it voted for, and no other",
            n0 -> {
              n0.step("n1", new VoteRequest(2, 0, 0, false));
              String first = voteAnswer(n0, "n1");
              n0.step("n1", new VoteRequest(2, 0, 0, false));
              String again = voteAnswer(n0, "n1");
              n0.step("n2", new VoteRequest(2, 0, 0, false));
              return first + " " + again + " " + voteAnswer(n0, "n2") + " votedFor " + n0.votedFor();
            },
            "granted granted rejected votedFor n1"),
        new Rule("a granted vote from an older term is never counted",
            n0 -> {
              candidate(n0); // term 2
              candidate(n0); // times out: campaigns again in term 3
              n0.step("n1", new VoteResponse(2, true, false));
              return n0.role() + " t" + n0.term();
            },
            "CANDIDATE t3"),
        new Rule("with CheckQuorum a follower that heard its leader within the timeout ignores a higher-term candidate",
            n0 -> {
              n0.step("n1", new AppendRequest(1, 0, 0, List.of(), 0)); // n1 leads term 1
              drain(n0);
              n0.step("n2", new VoteRequest(5, 0, 0, false));
              return "t" + n0.term() + " leader " + n0.leader() + " answers " + drain(n0).size();
            },
            "t1 leader n1 answers 0"),
        new Rule("a leader does not commit an entry of an earlier term by counting replicas (Figure 8)",
            n0 -> {
              RaftCore l = new RaftCore("n0", MEMBERS, config(), new SplittableRandom(1), new HardState(1, null),
                  Snapshot.EMPTY, List.of(new Entry(1, 1, new byte[] {1})));
              leader(l); // term 2, log [1@t1]
              l.step("n1", new AppendResponse(2, true, 1, 1, 0, 0));
              long before = l.commitIndex();
              long i = l.propose(new byte[] {2});
              drain(l);
              l.step("n1", new AppendResponse(2, true, i, i, 0, 0));
              return "commit " + before + " then " + l.commitIndex();
            },
            "commit 0 then 2"),
        new Rule("a stale or duplicated append never truncates entries the follower already matched",
            n0 -> {
              n0.step("n1", new AppendRequest(2, 0, 0, List.of(e(1, 2), e(2, 2), e(3, 2)), 0));
              n0.step("n1", new AppendRequest(2, 0, 0, List.of(e(1, 2)), 0)); // the first append, late
              return "last " + n0.lastIndex();
            },
            "last 3"),
        new Rule("a snapshot at or below the commit index is not installed (a late InstallSnapshot)",
            n0 -> {
              List<Entry> six = new ArrayList<>();
              for (long i = 1; i <= 6; i++) {
                six.add(e(i, 2));
              }
              n0.step("n1", new AppendRequest(2, 0, 0, six, 6)); // n1 leads term 2; n0 commits 6
              drain(n0);
              n0.step("n1", new RaftMessage.SnapshotRequest(2, 4, 2, 0, new byte[] {4}, true)); // sent earlier, arrives now
              List<Envelope> answer = drain(n0);
              return "commit " + n0.commitIndex() + " snapshot " + n0.snapshotIndex() + " last " + n0.lastIndex()
                  + " answers " + answer.size();
            },
            "commit 6 snapshot 0 last 6 answers 1"),
        new Rule("a duplicated rejection does not move a probing leader back twice",
            n0 -> {
              RaftCore l = new RaftCore("n0", MEMBERS, config(), new SplittableRandom(1), new HardState(1, null),
                  Snapshot.EMPTY, List.of(e(1, 1), e(2, 1), e(3, 1)));
              leader(l); // term 2, next for n1 = 4
              AppendResponse reject = new AppendResponse(2, false, 0, 3, -1, 3); // n1 has entries 1..2
              l.step("n1", reject);
              List<Envelope> first = drain(l);
              l.step("n1", reject); // the same rejection again (a duplicating network)
              List<Envelope> second = drain(l);
              return prevIndexes(first) + " then " + prevIndexes(second);
            },
            "[2] then []"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void rule(Rule rule) {
    RaftCore n0 = new RaftCore("n0", MEMBERS, config(), new SplittableRandom(7), new HardState(1, null),
        Snapshot.EMPTY, List.of());
    assertEquals(rule.expected(), rule.script().apply(n0), rule.rule());
  }

  // ---- the vocabulary of the scripts ----

  static final List<String> MEMBERS = List.of("n0", "n1", "n2");

  static RaftConfig config() {
    RaftConfig c = new RaftConfig();
    c.preVote = false;
    c.checkQuorum = true;
    c.electionTicks = 10;
    c.heartbeatTicks = 2;
    return c;
  }

  static Entry e(long index, long term) {
    return new Entry(index, term, new byte[] {(byte) index, (byte) term});
  }

  /** Ticks until the node campaigns (a term higher than before). */
  static void candidate(RaftCore n) {
    long t = n.term();
    for (int i = 0; i < 100 && n.term() == t; i++) {
      n.tick();
    }
    drain(n);
  }

  /** Campaigns and wins with n1's vote. */
  static void leader(RaftCore n) {
    candidate(n);
    n.step("n1", new VoteResponse(n.term(), true, false));
    drain(n);
  }

  static void ticks(RaftCore n, int k) {
    for (int i = 0; i < k; i++) {
      n.tick();
      drain(n);
    }
  }

  /** Every message the node sends now, its Readies drained as a driver would. */
  static List<Envelope> drain(RaftCore n) {
    List<Envelope> out = new ArrayList<>();
    while (n.hasReady()) {
      Ready rd = n.ready();
      out.addAll(rd.messages());
      n.advance(rd);
    }
    return out;
  }

  /** The node's answer to {@code to}'s vote request: "granted", "rejected" or "none". */
  static String voteAnswer(RaftCore n, String to) {
    for (Envelope env : drain(n)) {
      if (env.to().equals(to) && env.message() instanceof VoteResponse v && !v.preVote()) {
        return v.granted() ? "granted" : "rejected";
      }
    }
    return "none";
  }

  static String prevIndexes(List<Envelope> sent) {
    List<Long> prev = new ArrayList<>();
    for (Envelope env : sent) {
      if (env.to().equals("n1") && env.message() instanceof AppendRequest a) {
        prev.add(a.prevLogIndex());
      }
    }
    return prev.toString();
  }
}
