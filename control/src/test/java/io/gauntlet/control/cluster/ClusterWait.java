package io.gauntlet.control.cluster;

import io.gauntlet.system.client.ClusterAdmin;
import io.gauntlet.system.node.NodeStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Polls a process cluster's status until a condition holds (bounded; fails with the last status). */
final class ClusterWait {
  private ClusterWait() {}

  interface Condition {
    boolean holds(List<ClusterAdmin.Row> rows);
  }

  static List<ClusterAdmin.Row> until(ProcessCluster cluster, String what, long seconds, Condition c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<ClusterAdmin.Row> rows = List.of();
    try (ClusterAdmin admin = new ClusterAdmin(cluster.loaded())) {
      while (System.nanoTime() < deadline) {
        rows = admin.status(Duration.ofMillis(500));
        if (c.holds(rows)) {
          return rows;
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("not within " + seconds + " s: " + what + "; last status: " + rows);
  }

  /** The id of the node every reachable member of {@code members} agrees leads, once there is one. */
  static String leader(ProcessCluster cluster, List<String> members) throws InterruptedException {
    List<ClusterAdmin.Row> rows = until(cluster, "a leader among " + members, 20, rs -> leaderOf(rs, members) != null);
    return leaderOf(rows, members);
  }

  static String leaderOf(List<ClusterAdmin.Row> rows, List<String> members) {
    for (ClusterAdmin.Row r : rows) {
      NodeStatus s = r.status();
      if (s != null && members.contains(s.id()) && s.raftRole().equals("LEADER")) {
        return s.id();
      }
    }
    return null;
  }
}
