package io.gauntlet.system.raft.sim;

import io.gauntlet.system.raft.Entry;
import io.gauntlet.system.raft.RaftCore;
import io.gauntlet.system.raft.RaftObserver;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raft's safety properties (Figure 3 of the paper), checked continuously while a simulated cluster
 * runs; the first violation throws {@link InvariantViolation}:
 *
 * <ul>
 *   <li>election safety: at most one leader per term;</li>
 *   <li>log matching: entries with the same index and term hold the same command, and (checked at
 *       checkpoints over all logs) the logs are identical up to such an entry;</li>
 *   <li>leader completeness: a new leader's log holds every entry committed in an earlier term;</li>
 *   <li>state machine safety: no two nodes apply different commands at an index;</li>
 *   <li>apply order: each node applies indices consecutively and never goes backwards;</li>
 *   <li>one vote per term (Figure 2, RequestVote): a node grants its vote to at most one candidate
 *       in a term, across restarts and step-downs;</li>
 *   <li>elected by a quorum: a leader of term T was granted votes of term T by a majority (so a
 *       grant from an older election never counts);</li>
 *   <li>commit rule (Figure 2, Rules for Servers): a leader advances its commit index by counting
 *       replicas only to an entry of its own term;</li>
 *   <li>log terms in order: along any node's log the entries' terms never decrease (a leader
 *       appends only entries of its own term after what it has); checked where an AppendEntries'
 *       entries end, where a follower that keeps a conflicting suffix (Figure 2, AppendEntries
 *       rule 3) shows a newer entry followed by an older one;</li>
 *   <li>follower commit rule (Figure 2, AppendEntries rule 5): an AppendEntries moves a follower's
 *       commit index at most to its last new entry, never over entries of its own the leader did
 *       not send (they may be a deposed leader's, about to be replaced).</li>
 * </ul>
 *
 * <p>The methods are plain calls so a test can feed a hand-built trace and see each check fire.
 */
public final class RaftInvariants implements RaftObserver {
  public static final String ELECTION_SAFETY = "election safety";
  public static final String LOG_MATCHING = "log matching";
  public static final String LEADER_COMPLETENESS = "leader completeness";
  public static final String STATE_MACHINE_SAFETY = "state machine safety";
  public static final String APPLY_ORDER = "apply order";
  public static final String READ_INDEX = "linearizable read";
  public static final String ONE_VOTE = "one vote per term";
  public static final String ELECTED_BY_QUORUM = "elected by a quorum";
  public static final String COMMIT_RULE = "commit rule";
  public static final String TERMS_IN_ORDER = "log terms in order";
  public static final String FOLLOWER_COMMIT_RULE = "follower commit rule";

  private final Map<Long, String> leaderOfTerm = new HashMap<>();
  private final Map<EntryId, byte[]> entries = new HashMap<>();
  /** committed[i] = term of the entry applied at index i (0 if none seen yet). */
  private long[] committedTerm = new long[1024];
  private byte[][] committedCmd = new byte[1024][];
  private long maxCommitted;
  /** For each index, the term of the leader that committed it and the entry's term (0: unknown). */
  private long[] commitTerm = new long[1024];
  private long[] commitEntryTerm = new long[1024];
  private long maxCommitIndex;

  private record EntryId(long index, long term) {}

  private record Vote(String voter, long term) {}

  private final Map<Vote, String> votes = new HashMap<>();
  /** Votes granted to (candidate, term). */
  private final Map<Vote, Integer> grants = new HashMap<>();

  // ---- Observer hooks ----

  @Override
  public void onBecomeLeader(RaftCore core) {
    leader(core.id(), core.term());
    if (votesSeen) {
      electedBy(core.id(), core.term(), core.quorum());
    }
    // Leader completeness covers entries committed in earlier terms (a leader of an older term can
    // still win an election late, with delayed votes, after a newer term committed more).
    for (long i = Math.max(1, core.snapshotIndex() + 1); i <= maxCommitIndex; i++) {
      long by = commitTerm[(int) i];
      if (by != 0 && by < core.term() && core.entryTerm(i) != commitEntryTerm[(int) i]) {
        throw new InvariantViolation(LEADER_COMPLETENESS, core.id() + " became leader of term " + core.term()
            + " without entry " + i + " (term " + commitEntryTerm[(int) i] + ") committed in term " + by
            + "; its log has term " + core.entryTerm(i) + " there (last index " + core.lastIndex() + ")");
      }
    }
  }

  @Override
  public void onCommit(RaftCore core, long from, long to) {
    if (core.entryTerm(to) != core.term()) {
      throw new InvariantViolation(COMMIT_RULE, core.id() + ", leader of term " + core.term() + ", committed up to "
          + to + " by counting replicas, but that entry is of term " + core.entryTerm(to));
    }
    committed(from, to, core.term(), core::entryTerm);
  }

  /** The leader of {@code term} committed indices from..to; {@code entryTerm} gives their terms. */
  public void committed(long from, long to, long term, java.util.function.LongUnaryOperator entryTerm) {
    if (to >= commitTerm.length) {
      int n = (int) Math.max(to + 1, commitTerm.length * 2L);
      commitTerm = Arrays.copyOf(commitTerm, n);
      commitEntryTerm = Arrays.copyOf(commitEntryTerm, n);
    }
    for (long i = from; i <= to; i++) {
      if (commitTerm[(int) i] == 0) {
        commitTerm[(int) i] = term;
        commitEntryTerm[(int) i] = entryTerm.applyAsLong(i);
      }
    }
    maxCommitIndex = Math.max(maxCommitIndex, to);
  }

  @Override
  public void onAppend(RaftCore core, Entry e) {
    entry(core.id(), e.index(), e.term(), e.data());
  }

  // ---- Checks (public so hand-built traces can drive them) ----

  /**
   * After {@code node} took an AppendEntries whose entries end at {@code index}: the entry after
   * it (term {@code nextTerm}, -1 if none) must not be older than it (term {@code term}).
   */
  public void termsInOrder(String node, long index, long term, long nextTerm) {
    if (term >= 0 && nextTerm >= 0 && nextTerm < term) {
      throw new InvariantViolation(TERMS_IN_ORDER, node + " holds an entry of term " + nextTerm + " at index " + (index + 1)
          + " after one of term " + term + " at " + index + ": it kept a conflicting suffix");
    }
  }

  /**
   * {@code node} took an AppendEntries whose last new entry is at {@code lastNew}: its commit index
   * went from {@code before} to {@code after}, and may rise only up to {@code lastNew}.
   */
  public void followerCommit(String node, long before, long after, long lastNew) {
    if (after > before && after > lastNew) {
      throw new InvariantViolation(FOLLOWER_COMMIT_RULE, node + " moved its commit index from " + before + " to " + after
          + " on an AppendEntries whose last new entry is " + lastNew);
    }
  }

  /** {@code node} became leader of {@code term}. */
  public void leader(String node, long term) {
    String prev = leaderOfTerm.putIfAbsent(term, node);
    if (prev != null && !prev.equals(node)) {
      throw new InvariantViolation(ELECTION_SAFETY, "two leaders in term " + term + ": " + prev + " and " + node);
    }
  }

  /** Whether votes are being recorded (only then is "elected by a quorum" checked). */
  private boolean votesSeen;

  /** {@code node} became leader of {@code term}: a quorum of nodes must have voted for it in that term. */
  public void electedBy(String node, long term, int quorum) {
    int granted = grants.getOrDefault(new Vote(node, term), 0);
    if (granted < quorum) {
      throw new InvariantViolation(ELECTED_BY_QUORUM, node + " became leader of term " + term + " with " + granted
          + " votes of that term; a quorum is " + quorum);
    }
  }

  /** {@code voter} granted its (real, not pre-) vote in {@code term} to {@code candidate}. */
  public void voted(String voter, String candidate, long term) {
    votesSeen = true;
    String prev = votes.putIfAbsent(new Vote(voter, term), candidate);
    if (prev == null) {
      grants.merge(new Vote(candidate, term), 1, Integer::sum);
    }
    if (prev != null && !prev.equals(candidate)) {
      throw new InvariantViolation(ONE_VOTE, voter + " voted for " + prev + " and then for " + candidate + " in term " + term);
    }
  }

  /** {@code node} stored an entry. */
  public void entry(String node, long index, long term, byte[] data) {
    EntryId id = new EntryId(index, term);
    byte[] prev = entries.putIfAbsent(id, data);
    if (prev != null && !Arrays.equals(prev, data)) {
      throw new InvariantViolation(LOG_MATCHING, node + " stores a different command at index " + index
          + " term " + term + " than another node");
    }
  }

  /** {@code node} applied {@code cmd} (of {@code term}) at {@code index}. */
  public void applied(String node, long index, long term, byte[] cmd) {
    ensure(index);
    int i = (int) index;
    if (committedCmd[i] == null) {
      committedTerm[i] = term;
      committedCmd[i] = cmd;
      maxCommitted = Math.max(maxCommitted, index);
    } else if (!Arrays.equals(committedCmd[i], cmd) || (term != 0 && committedTerm[i] != 0 && committedTerm[i] != term)) {
      throw new InvariantViolation(STATE_MACHINE_SAFETY, node + " applied a different command at index " + index
          + " (term " + term + ") than was applied elsewhere (term " + committedTerm[i] + ")");
    }
  }

  /** The highest index any node has applied (everything up to it is committed). */
  public long maxCommitted() {
    return maxCommitted;
  }

  /**
   * A ReadIndex read started when {@code requiredIndex} was already committed was confirmed at
   * {@code readIndex}: it must see at least that much, or it could return stale data.
   */
  public void readConfirmed(String node, long requiredIndex, long readIndex) {
    if (readIndex < requiredIndex) {
      throw new InvariantViolation(READ_INDEX, node + " confirmed a read at index " + readIndex
          + " although index " + requiredIndex + " was committed before the read began");
    }
  }

  /** {@code node} moved its applied index from {@code lastApplied} to {@code index}. */
  public void applyOrder(String node, long lastApplied, long index, boolean snapshot) {
    if (snapshot ? index <= lastApplied : index != lastApplied + 1) {
      throw new InvariantViolation(APPLY_ORDER, node + " applied " + (snapshot ? "a snapshot at " : "index ")
          + index + " after index " + lastApplied);
    }
  }

  /**
   * Full log matching over the current logs: wherever two logs hold an entry with the same index and
   * term, they are identical at every index before it that both still hold.
   */
  public void checkLogs(List<RaftCore> cores) {
    for (int a = 0; a < cores.size(); a++) {
      for (int b = a + 1; b < cores.size(); b++) {
        RaftCore x = cores.get(a);
        RaftCore y = cores.get(b);
        long from = Math.max(x.snapshotIndex(), y.snapshotIndex()) + 1;
        long hi = Math.min(x.lastIndex(), y.lastIndex());
        long match = -1;
        for (long i = hi; i >= from; i--) {
          if (x.entryTerm(i) == y.entryTerm(i)) {
            match = i;
            break;
          }
        }
        for (long i = from; i <= match; i++) {
          Entry ex = x.entry(i);
          Entry ey = y.entry(i);
          if (ex.term() != ey.term() || !Arrays.equals(ex.data(), ey.data())) {
            throw new InvariantViolation(LOG_MATCHING, x.id() + " and " + y.id() + " agree at index " + match
                + " (term " + x.entryTerm(match) + ") but differ at index " + i);
          }
        }
      }
    }
  }

  private void ensure(long index) {
    if (index >= committedTerm.length) {
      int n = (int) Math.max(index + 1, committedTerm.length * 2L);
      committedTerm = Arrays.copyOf(committedTerm, n);
      committedCmd = Arrays.copyOf(committedCmd, n);
    }
  }
}
