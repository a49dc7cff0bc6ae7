package io.gauntlet.control.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.client.ClusterAdmin;
import io.gauntlet.system.client.GauntletKv;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.Role;
import io.gauntlet.system.shardctrler.ShardConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sharded service as real processes: a 3-replica shard controller and two 3-replica groups.
 * Groups join and leave under client load, so shards move between processes while clients write;
 * every acknowledged append survives and the history is linearizable.
 */
class ShardKvProcessTest {
  @Test
  void joinAndLeaveUnderLoad(@TempDir Path dir) throws Exception {
    long seed = KvRaftProcessTest.seed();
    int base = FreePorts.consecutive(9);
    ClusterSpec spec = ClusterFile.generate("shardkv-test", Role.SHARDKV, 3, 2, "127.0.0.1", base, "cluster.secret");
    List<String> keys = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    try (ProcessCluster c = new ProcessCluster(dir, spec, ProcessCluster.NODE_JVM);
        ClusterAdmin admin = new ClusterAdmin(c.loaded())) {
      c.startAll();
      Map<Integer, List<String>> groups = spec.groups();
      ShardConfig first = admin.controller(ck -> ck.join(Map.of(100, groups.get(100))), Duration.ofSeconds(20));
      assertEquals(List.of(100), List.copyOf(first.groups().keySet()));
      KvLoad load = new KvLoad(c.loaded(), 3, keys, seed, false);
      Thread.sleep(2000);
      load.history.nemesis("join", "101");
      ShardConfig both = admin.controller(ck -> ck.join(Map.of(101, groups.get(101))), Duration.ofSeconds(20));
      assertTrue(both.shardsOf(100).size() > 0 && both.shardsOf(101).size() > 0, "shards not split: " + both);
      Thread.sleep(3000);
      load.history.nemesis("leave", "100");
      ShardConfig only101 = admin.controller(ck -> ck.leave(List.of(100)), Duration.ofSeconds(20));
      assertEquals(10, only101.shardsOf(101).size(), "every shard should be on 101: " + only101);
      Thread.sleep(3000);
      load.stopAndJoin();
      assertTrue(load.ok.get() > 30, "too few calls completed: " + load.ok.get() + " (seed " + seed + ")");
      try (GauntletKv kv = GauntletKv.connect(c.loaded(), new GauntletKv.Options(Duration.ofMillis(200), Duration.ofSeconds(15)))) {
        for (String key : keys) {
          KvResult r = kv.get(key);
          assertTrue(r.err() == Err.OK || r.err() == Err.ERR_NO_KEY, "final read of " + key + ": " + r);
          String value = r.value() == null ? "" : r.value();
          for (String appended : load.ackedAppends.getOrDefault(key, List.of())) {
            assertTrue(value.contains(appended), "acknowledged append " + appended + " to " + key
                + " lost across the moves; final value " + value + " (seed " + seed + ")");
          }
        }
      }
      load.checkLinearizable(dir.resolve("failed-history"));
    }
  }
}
