package io.gauntlet.control.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.client.ClusterAdmin;
import io.gauntlet.system.client.GauntletKv;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kvraft snapshot many times the transport's frame limit reaches a wiped node over real TCP, in
 * chunks: the cluster file sets a 256 KiB frame limit and 64 KiB chunks, the service holds about
 * 3 MiB. Sent whole, the snapshot is a frame the transport refuses, and the leader that tries
 * fail-stops (then the next one does).
 */
class SnapshotChunksProcessTest {
  static final int FRAME = 256 * 1024;
  static final int CHUNK = 64 * 1024;
  static final int KEYS = 192;
  static final int VALUE = 16 * 1024;

  static String value(int key) {
    String unit = "v" + key + "-";
    return unit.repeat(VALUE / unit.length() + 1).substring(0, VALUE);
  }

  /** Every node's FATAL log lines (a leader that could not send a snapshot says so there). */
  static String fatal(ProcessCluster c) {
    StringBuilder out = new StringBuilder();
    for (String id : c.ids()) {
      c.logText(id).lines().filter(l -> l.contains("FATAL")).forEach(l -> out.append(id).append(": ").append(l).append('\n'));
    }
    return out.toString();
  }

  @Test
  void aSnapshotManyFramesLongReachesAWipedNodeWhichThenServes(@TempDir Path dir) throws Exception {
    int base = FreePorts.consecutive(3);
    ClusterSpec s = ClusterFile.generate("chunks-test", Role.KVRAFT, 3, 0, "127.0.0.1", base, "cluster.secret");
    s = new ClusterSpec(s.name(), s.secretFile(), s.nShards(),
        new ClusterSpec.RaftSettings(10, 5, 20, 512L * 1024, 100, CHUNK), s.nodes(), FRAME);
    try (ProcessCluster c = new ProcessCluster(dir, s, ProcessCluster.NODE_JVM)) {
      c.startAll();
      String victim = "n3";
      c.kill(victim);
      c.wipe(victim);
      try (GauntletKv kv = KvRaftProcessTest.client(c)) {
        for (int k = 0; k < KEYS; k++) {
          Err err = kv.put("k" + k, value(k)).err();
          if (err != Err.OK) {
            throw new AssertionError("put k" + k + ": " + err + "; the nodes' fatal errors: " + fatal(c));
          }
        }
      }
      List<ClusterAdmin.Row> before = ClusterWait.until(c, "a snapshot of at least 8 frames", 30,
          rows -> rows.stream().anyMatch(r -> r.status() != null && r.status().snapshotBytes() >= 8L * FRAME));
      long commit = before.stream().filter(r -> r.status() != null).mapToLong(r -> r.status().commit()).max().orElseThrow();
      c.start(victim);
      ClusterWait.until(c, victim + " installs a snapshot and applies through " + commit, 60, rows -> rows.stream()
          .anyMatch(r -> r.id().equals(victim) && r.status() != null && r.status().applied() >= commit
              && r.status().snapshotIndex() > 0 && r.status().snapshotBytes() >= 8L * FRAME));
      for (String id : c.ids()) {
        assertTrue(c.isRunning(id), id + " stopped:\n" + c.logText(id));
      }
      assertEquals("", fatal(c));
      // The victim serves as a full member: with the leader gone, nothing commits or reads without it.
      c.kill(ClusterWait.leader(c, c.ids()));
      try (GauntletKv kv = KvRaftProcessTest.client(c)) {
        for (int k = 0; k < KEYS; k += 17) {
          assertEquals(value(k), kv.get("k" + k).value(), "k" + k);
        }
        assertEquals(Err.OK, kv.put("after", "x").err());
      }
    }
  }
}
