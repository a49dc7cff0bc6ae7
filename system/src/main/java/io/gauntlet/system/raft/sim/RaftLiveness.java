package io.gauntlet.system.raft.sim;

import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftNode;
import io.gauntlet.system.raft.Role;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What a healthy cluster must do once every fault has healed, beyond committing one command (the
 * labs' expectations, measured in virtual time): one stable leader whose term does not change for
 * several election timeouts (a Raft that holds needless elections commits between them, so
 * agreement alone does not see it), a bounded number of RPCs while idle (TestCount3B: heartbeats,
 * not a flood), every live node's commit and applied index converged to the leader's, and every
 * client call (ReadIndex read) answered.
 */
public final class RaftLiveness {
  /** Election timeouts (the longest randomized one) the term must stay unchanged. */
  static final int STABLE_TIMEOUTS = 4;

  private RaftLiveness() {}

  /** A Raft group to check: its name, its nodes' names, and its live nodes (null if crashed). */
  public record Group(String name, List<String> names, IntFunction<RaftNode> nodes) {}

  /**
   * For any Raft groups in one simulation (kvraft servers, shardkv groups, the controller): runs
   * {@code timeouts} of the longest election timeout and returns null if each group had one leader
   * in one term throughout and every live node's commit and applied index then equal its leader's;
   * otherwise what went wrong. The groups are watched together, in one window.
   */
  public static String stable(io.gauntlet.system.sim.Simulation sim, List<Group> groups, RaftConfig cfg, int timeouts) {
    long ms = RaftCluster.MS;
    long heartbeatMs = Math.max(1, cfg.heartbeatTicks * cfg.tickNanos / ms);
    long window = timeouts * 2L * cfg.electionTicks * cfg.tickNanos / ms;
    // First the groups settle (a leader whose term every live node has heard); then they must stay so.
    sim.runUntil(() -> groups.stream().allMatch(RaftLiveness::settled), window * ms);
    int[] leader = new int[groups.size()];
    long[] term = new long[groups.size()];
    for (int k = 0; k < groups.size(); k++) {
      leader[k] = leaderOf(groups.get(k));
      if (leader[k] < 0) {
        return groups.get(k).name() + ": no leader " + window + " ms after every fault healed";
      }
      term[k] = groups.get(k).nodes().apply(leader[k]).term();
    }
    long end = sim.now() + window * ms;
    while (true) {
      for (int k = 0; k < groups.size(); k++) {
        Group g = groups.get(k);
        for (int i = 0; i < g.names().size(); i++) {
          RaftNode r = g.nodes().apply(i);
          if (r != null && (r.term() != term[k] || (i == leader[k]) != r.isLeader())) {
            return g.name() + ": the term is not stable without failures: " + g.names().get(leader[k]) + " led term "
                + term[k] + ", then " + g.names().get(i) + " is " + r.core().role() + " in term " + r.term()
                + " within " + timeouts + " election timeouts (" + window + " ms) after every fault healed";
          }
        }
      }
      if (sim.now() >= end) {
        break;
      }
      sim.runFor(heartbeatMs * ms);
    }
    for (int k = 0; k < groups.size(); k++) {
      Group g = groups.get(k);
      long commit = g.nodes().apply(leader[k]).core().commitIndex();
      for (int i = 0; i < g.names().size(); i++) {
        RaftNode r = g.nodes().apply(i);
        if (r != null && (r.core().commitIndex() != commit || r.core().appliedIndex() != commit)) {
          return g.name() + ": commit index did not converge: " + g.names().get(i) + " has commit "
              + r.core().commitIndex() + " applied " + r.core().appliedIndex() + ", leader "
              + g.names().get(leader[k]) + " commit " + commit;
        }
      }
    }
    return null;
  }

  /** One leader, and every live node in its term. */
  private static boolean settled(Group g) {
    int l = leaderOf(g);
    if (l < 0) {
      return false;
    }
    long term = g.nodes().apply(l).term();
    for (int i = 0; i < g.names().size(); i++) {
      RaftNode r = g.nodes().apply(i);
      if (r != null && (r.term() != term || (i != l && r.core().role() != Role.FOLLOWER))) {
        return false;
      }
    }
    return true;
  }

  private static int leaderOf(Group g) {
    for (int i = 0; i < g.names().size(); i++) {
      RaftNode r = g.nodes().apply(i);
      if (r != null && r.isLeader()) {
        return i;
      }
    }
    return -1;
  }

  /** Checks all of the above on a healed cluster; fails through {@link RaftCluster#fail}. */
  public static void check(RaftCluster c, RaftConfig cfg) {
    long ms = RaftCluster.MS;
    long heartbeatMs = Math.max(1, cfg.heartbeatTicks * cfg.tickNanos / ms);
    long longestTimeoutMs = 2L * cfg.electionTicks * cfg.tickNanos / ms;
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      names.add(c.id(i));
    }
    Group all = new Group("raft", names, c::raft);
    if (!c.sim().runUntil(() -> settled(all), longestTimeoutMs * STABLE_TIMEOUTS * ms)) {
      c.fail("liveness: no single leader whose term every live node has " + longestTimeoutMs * STABLE_TIMEOUTS
          + " ms after every fault healed");
    }
    int leader = leaderOf(all);
    long term = c.raft(leader).term();
    long rpcsBefore = c.rpcCount();
    long window = STABLE_TIMEOUTS * longestTimeoutMs;
    long end = c.sim().now() + window * ms;
    while (c.sim().now() < end) {
      c.runFor(heartbeatMs);
      for (int i = 0; i < c.size(); i++) {
        RaftNode r = c.raft(i);
        if (r == null) {
          continue;
        }
        if (r.term() != term || (i == leader) != r.isLeader() || r.core().role() != (i == leader ? Role.LEADER : Role.FOLLOWER)) {
          c.fail("liveness: the term is not stable without failures: leader " + c.id(leader) + " of term " + term
              + " elected, then " + c.id(i) + " is " + r.core().role() + " in term " + r.term() + " within "
              + STABLE_TIMEOUTS + " election timeouts (" + window + " ms) of a healed, idle cluster");
        }
      }
    }
    long rpcs = c.rpcCount() - rpcsBefore;
    // Per heartbeat interval the leader sends each follower a heartbeat and at most one append.
    long bound = 2L * (c.size() - 1) * (window / heartbeatMs + 1);
    if (rpcs > bound) {
      c.fail("liveness: " + rpcs + " RPCs in " + window + " ms of an idle, stable cluster (bound " + bound
          + ": a heartbeat and at most one append per follower per " + heartbeatMs + " ms)");
    }
    long commit = c.raft(leader).core().commitIndex();
    for (int i = 0; i < c.size(); i++) {
      RaftPeer p = c.peer(i);
      if (p == null) {
        continue;
      }
      long ci = p.raft().core().commitIndex();
      if (ci != commit || p.lastApplied() != commit) {
        c.fail("liveness: commit index did not converge: " + c.id(i) + " has commit " + ci + " applied "
            + p.lastApplied() + ", leader " + c.id(leader) + " commit " + commit + " after " + window + " ms stable");
      }
      if (p.pendingReads() > 0) {
        c.fail("liveness: " + p.pendingReads() + " ReadIndex reads at " + c.id(i) + " never answered (neither"
            + " confirmed nor failed) " + window + " ms after the cluster healed");
      }
    }
  }
}
