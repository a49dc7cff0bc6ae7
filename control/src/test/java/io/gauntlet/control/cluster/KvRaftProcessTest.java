package io.gauntlet.control.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.client.ClusterAdmin;
import io.gauntlet.system.client.GauntletKv;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.NodeStatus;
import io.gauntlet.system.node.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kvraft as three real node processes on loopback: kill -9 of the leader under load, restart from
 * disk, a wiped node caught up by InstallSnapshot over TCP, and a node with a corrupt log that must
 * refuse to start while the others serve. Every client history is checked for linearizability.
 */
class KvRaftProcessTest {
  static final List<String> KEYS = List.of("k0", "k1", "k2", "k3");

  static long seed() {
    String s = System.getProperty("gauntlet.seed");
    long seed = s != null ? Long.parseLong(s) : System.nanoTime() % 100_000;
    System.out.println("seed " + seed + " (rerun with -Dgauntlet.seed=" + seed + ")");
    return seed;
  }

  static ProcessCluster kvraft(Path dir, long maxRaftState) throws IOException {
    int base = FreePorts.consecutive(3);
    ClusterSpec s = ClusterFile.generate("proc-test", Role.KVRAFT, 3, 0, "127.0.0.1", base, "cluster.secret");
    s = new ClusterSpec(s.name(), s.secretFile(), s.nShards(),
        new ClusterSpec.RaftSettings(10, 5, 20, maxRaftState, 100), s.nodes());
    return new ProcessCluster(dir, s, ProcessCluster.NODE_JVM);
  }

  static GauntletKv client(ProcessCluster c) {
    return GauntletKv.connect(c.loaded(), new GauntletKv.Options(Duration.ofMillis(200), Duration.ofSeconds(10)));
  }

  @Test
  void killingTheLeaderTwiceUnderLoadLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
    long seed = seed();
    try (ProcessCluster c = kvraft(dir, 16 * 1024)) {
      c.startAll();
      KvLoad load = new KvLoad(c.loaded(), 4, KEYS, seed, false); // appends and gets: no put may hide a lost append
      Thread.sleep(1500);
      for (int round = 0; round < 2; round++) {
        String leader = ClusterWait.leader(c, c.ids());
        load.history.nemesis("kill", leader);
        c.kill(leader);
        Thread.sleep(1500);
        c.start(leader);
        load.history.nemesis("start", leader);
        Thread.sleep(1500);
      }
      load.stopAndJoin();
      assertTrue(load.ok.get() > 50, "too few calls completed under faults: " + load.ok.get() + " (seed " + seed + ")");
      // Final reads: every acknowledged append is in its key's value.
      try (GauntletKv kv = client(c)) {
        for (String key : KEYS) {
          KvResult r = kv.get(key);
          assertTrue(r.err() == Err.OK || r.err() == Err.ERR_NO_KEY, "final read of " + key + ": " + r);
          String value = r.value() == null ? "" : r.value();
          for (String appended : load.ackedAppends.getOrDefault(key, List.of())) {
            if (!value.contains(appended)) {
              throw new AssertionError("acknowledged append " + appended + " to " + key + " is lost; final value "
                  + value + " (seed " + seed + ")");
            }
          }
        }
      }
      load.checkLinearizable(dir.resolve("failed-history"));
    }
  }

  @Test
  void allNodesRestartFromDiskWithDataIntact(@TempDir Path dir) throws Exception {
    try (ProcessCluster c = kvraft(dir, 8 * 1024)) {
      c.startAll();
      try (GauntletKv kv = client(c)) {
        for (int i = 0; i < 200; i++) {
          assertEquals(Err.OK, kv.append("k" + (i % 4), i + ";").err());
        }
      }
      for (String id : c.ids()) {
        assertEquals(0, c.stop(id), "SIGTERM must stop " + id + " with status 0:\n" + c.output(id));
        assertTrue(c.logText(id).contains("stopped"), "no 'stopped' line in " + id + "'s log");
      }
      c.startAll();
      try (GauntletKv kv = client(c)) {
        for (int k = 0; k < 4; k++) {
          StringBuilder expected = new StringBuilder();
          for (int i = k; i < 200; i += 4) {
            expected.append(i).append(';');
          }
          assertEquals(expected.toString(), kv.get("k" + k).value(), "k" + k + " after restarting every node");
        }
      }
      String log = c.logText("n1");
      assertTrue(log.contains("recovered term="), "no recovery summary in the log:\n" + log);
    }
  }

  @Test
  void aWipedNodeCatchesUpByInstallSnapshot(@TempDir Path dir) throws Exception {
    try (ProcessCluster c = kvraft(dir, 4 * 1024)) {
      c.startAll();
      String victim = "n3";
      c.kill(victim);
      c.wipe(victim);
      try (GauntletKv kv = client(c)) {
        for (int i = 0; i < 300; i++) {
          assertEquals(Err.OK, kv.put("k" + (i % 8), "value-" + i + "-" + "x".repeat(40)).err());
        }
      }
      List<ClusterAdmin.Row> before = ClusterWait.until(c, "the leader snapshots", 20,
          rows -> rows.stream().anyMatch(r -> r.status() != null && r.status().snapshotIndex() > 0));
      long leaderCommit = before.stream().filter(r -> r.status() != null).mapToLong(r -> r.status().commit()).max().orElseThrow();
      c.start(victim);
      ClusterWait.until(c, victim + " applies through the leader's commit " + leaderCommit, 30, rows -> rows.stream()
          .anyMatch(r -> r.id().equals(victim) && r.status() != null && r.status().applied() >= leaderCommit
              && r.status().snapshotIndex() > 0));
      String log = c.logText(victim);
      assertTrue(log.contains("snapshot index="), "the wiped node's log shows no installed snapshot:\n" + log);
      // It serves as a full member: with the other two gone one at a time it still forms a majority.
      c.kill("n1");
      try (GauntletKv kv = client(c)) {
        assertEquals("value-299-" + "x".repeat(40), kv.get("k3").value());
      }
    }
  }

  @Test
  void aNodeWithACorruptRecordRefusesToStartAndTheOthersServe(@TempDir Path dir) throws Exception {
    try (ProcessCluster c = kvraft(dir, -1)) {
      c.startAll();
      try (GauntletKv kv = client(c)) {
        for (int i = 0; i < 50; i++) {
          assertEquals(Err.OK, kv.put("k", "v" + i).err());
        }
      }
      String victim = "n3";
      ClusterWait.until(c, victim + " has the writes", 10, rows -> rows.stream()
          .anyMatch(r -> r.id().equals(victim) && r.status() != null && r.status().applied() >= 50));
      assertEquals(0, c.stop(victim));
      Path segment;
      try (Stream<Path> s = Files.list(c.dataDir(victim))) {
        segment = s.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(segment);
      int offset = 20 + 16 + 2; // inside the payload of the first record, with valid records after it
      bytes[offset] ^= 0x5a;
      Files.write(segment, bytes);
      c.launch(victim);
      int status = c.awaitExit(victim, 30);
      assertEquals(1, status, "a node with a corrupt log must refuse to start:\n" + c.output(victim));
      String log = c.logText(victim);
      assertTrue(log.contains("cannot start") && log.contains(segment.getFileName().toString()) && log.contains("offset"),
          "the log must name the file and offset:\n" + log);
      try (GauntletKv kv = client(c)) {
        assertEquals(Err.OK, kv.put("k", "after").err());
        assertEquals("after", kv.get("k").value());
      }
      Map<String, NodeStatus> up = new java.util.HashMap<>();
      try (ClusterAdmin admin = new ClusterAdmin(c.loaded())) {
        admin.status(Duration.ofMillis(500)).forEach(r -> up.put(r.id(), r.status()));
      }
      assertEquals(null, up.get(victim), "the corrupt node must not be serving");
    }
  }
}
