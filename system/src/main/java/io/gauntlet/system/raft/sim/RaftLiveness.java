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
  static final int STABLE_TIMEOUTS = 5;

  private RaftLiveness() {}

  /**
   * For any group of Raft nodes in a simulation (kvraft servers, a shardkv group, the controller):
   * runs {@value #STABLE_TIMEOUTS} of the longest election timeouts and returns null if one leader
   * held one term throughout and every live node's commit and applied index then equal the
   * leader's; otherwise what went wrong. {@code nodes} gives the live nodes (null if crashed).
   */
  public static String stable(io.gauntlet.system.sim.Simulation sim, String group, List<String> names,
      IntFunction<RaftNode> nodes, RaftConfig cfg) {
    long ms = RaftCluster.MS;
    long heartbeatMs = Math.max(1, cfg.heartbeatTicks * cfg.tickNanos / ms);
    long window = STABLE_TIMEOUTS * 2L * cfg.electionTicks * cfg.tickNanos / ms;
    int leader = -1;
    long term = -1;
    sim.runUntil(() -> {
      for (int i = 0; i < names.size(); i++) {
        RaftNode r = nodes.apply(i);
        if (r != null && r.isLeader()) {
          return true;
        }
      }
      return false;
    }, window * ms);
    long end = sim.now() + window * ms;
    while (true) {
      for (int i = 0; i < names.size(); i++) {
        RaftNode r = nodes.apply(i);
        if (r != null && r.isLeader() && (leader < 0 || term < 0)) {
          leader = i;
          term = r.term();
        }
      }
      if (leader < 0) {
        return group + ": no leader " + window + " ms after every fault healed";
      }
      for (int i = 0; i < names.size(); i++) {
        RaftNode r = nodes.apply(i);
        if (r != null && (r.term() != term || (i == leader) != r.isLeader())) {
          return group + ": the term is not stable without failures: " + names.get(leader) + " led term " + term
              + ", then " + names.get(i) + " is " + r.core().role() + " in term " + r.term();
        }
      }
      if (sim.now() >= end) {
        break;
      }
      sim.runFor(heartbeatMs * ms);
    }
    long commit = nodes.apply(leader).core().commitIndex();
    for (int i = 0; i < names.size(); i++) {
      RaftNode r = nodes.apply(i);
      if (r != null && (r.core().commitIndex() != commit || r.core().appliedIndex() != commit)) {
        return group + ": commit index did not converge: " + names.get(i) + " has commit " + r.core().commitIndex()
            + " applied " + r.core().appliedIndex() + ", leader " + names.get(leader) + " commit " + commit;
      }
    }
    return null;
  }

  /** Checks all of the above on a healed cluster; fails through {@link RaftCluster#fail}. */
  public static void check(RaftCluster c, RaftConfig cfg) {
    long ms = RaftCluster.MS;
    long heartbeatMs = Math.max(1, cfg.heartbeatTicks * cfg.tickNanos / ms);
    long longestTimeoutMs = 2L * cfg.electionTicks * cfg.tickNanos / ms;
    int leader = c.checkOneLeader();
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
