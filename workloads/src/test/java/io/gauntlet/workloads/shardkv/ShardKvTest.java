package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.Seeds;
import static io.gauntlet.workloads.shardkv.Lab.MS;
import static io.gauntlet.workloads.shardkv.Lab.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.shardctrler.ShardConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 2024 lab 5A/5B shardkv tests (MIT-TESTS section 5) in the simulator: 3 groups (gids 100, 101,
 * 102) of 3 replicas, a 3-replica controller, NShards 12 with FNV-1a keys (so "one key per shard"
 * key sets are chosen by hash). Every test also checks the recorded history for linearizability.
 */
class ShardKvTest {
  /** checklogs: Raft state at most 8 x maxraftstate; without snapshots, no snapshot at all. */
  static void checkLogs(ShardKvCluster c, long maxRaftState) {
    for (int gid : c.groups().keySet()) {
      long raft = c.maxRaftStateBytes(gid);
      long snap = c.maxSnapshotBytes(gid);
      if (maxRaftState < 0) {
        assertEquals(0, snap, "group " + gid + " snapshotted with maxraftstate -1");
      } else {
        assertTrue(raft <= 8 * maxRaftState, "group " + gid + " Raft state " + raft + " B > 8 x maxraftstate " + maxRaftState);
      }
    }
  }

  @Test
  void staticShards() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(-1, false));
      lab.c.join(100);
      ShardConfig cfg = lab.c.join(101);
      List<String> keys = Keys.spread(lab.c.nShards(), 1);
      List<String> vals = lab.putAll(keys, 20);
      lab.checkAll(keys, vals);
      // Shut down one group: exactly the Gets of the other group's shards complete.
      lab.c.shutdownGroup(101);
      int done = lab.getsThatComplete(keys, vals);
      assertEquals(cfg.shardsOf(100).size(), done, "Gets that completed with group 101 down");
      lab.c.startGroup(101);
      lab.checkAll(keys, vals);
      lab.checkLinearizable();
    });
  }

  @Test
  void rejection() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(-1, false));
      lab.c.join(100);
      ShardConfig cfg = lab.c.join(101);
      List<String> keys = Keys.spread(lab.c.nShards(), 1);
      List<String> vals = lab.putAll(keys, 20);
      // A second controller whose only configuration gives every shard to group 100.
      List<String> other = lab.c.addCtrlerService("ctrlerB");
      lab.c.await(lab.c.newCtrlerClerk(other).join(java.util.Map.of(100, lab.c.servers(100))), 30 * S, "join on controller B");
      List<java.util.concurrent.CompletableFuture<io.gauntlet.system.kvraft.KvResult>> fs = new ArrayList<>();
      for (String k : keys) {
        fs.add(lab.c.newClerk(other).get(k));
      }
      lab.c.runFor(3 * S);
      int done = 0;
      for (int i = 0; i < keys.size(); i++) {
        if (fs.get(i).isDone()) {
          String v = fs.get(i).join().value();
          assertTrue(!"".equals(v), "group 100 answered a Get for a shard it does not own (did not reject)");
          assertEquals(vals.get(i), v);
          done++;
        }
      }
      assertEquals(cfg.shardsOf(100).size(), done, "Gets through the misinformed controller that completed");
    });
  }

  @Test
  void joinLeave() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(-1, false));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 1);
      List<String> vals = lab.putAll(keys, 5);
      lab.checkAll(keys, vals);
      lab.c.join(101);
      lab.appendAll(keys, vals);
      lab.checkAll(keys, vals);
      lab.c.leave(100);
      lab.appendAll(keys, vals);
      lab.checkAll(keys, vals);
      lab.c.runFor(1 * S);
      checkLogs(lab.c, -1);
      lab.c.shutdownGroup(100);
      lab.checkAll(keys, vals);
      lab.checkLinearizable();
    });
  }

  @Test
  void snapshot() {
    Seeds.run(seed -> {
      long max = 1000;
      Lab lab = new Lab(seed, Lab.options(max, false));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 3).subList(0, 30);
      List<String> vals = lab.putAll(keys, 20);
      lab.c.join(101);
      lab.c.join(102);
      lab.c.leave(100);
      lab.appendAll(keys, vals);
      lab.c.leave(101);
      lab.c.join(101);
      lab.c.join(100);
      lab.appendAll(keys, vals);
      lab.c.leave(102);
      lab.appendAll(keys, vals);
      lab.checkAll(keys, vals);
      lab.c.runFor(1 * S);
      checkLogs(lab.c, max);
      lab.c.restartEveryGroup();
      lab.checkAll(keys, vals);
      lab.checkLinearizable();
    });
  }

  @Test
  void missChange() {
    Seeds.run(seed -> {
      long max = 1000;
      Lab lab = new Lab(seed, Lab.options(max, false));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 1);
      List<String> vals = lab.putAll(keys, 20);
      lab.c.join(101);
      lab.appendAll(keys, vals);
      lab.c.startGroup(102);
      for (int gid : List.of(100, 101, 102)) {
        lab.c.world().crash(lab.c.servers(gid).get(0));
      }
      lab.c.join(102);
      lab.c.leave(101);
      lab.c.leave(100);
      lab.appendAll(keys, vals);
      lab.c.join(101);
      lab.appendAll(keys, vals);
      for (int gid : List.of(100, 101, 102)) {
        lab.c.world().restart(lab.c.servers(gid).get(0));
      }
      lab.appendAll(keys, vals);
      lab.c.runFor(2 * S);
      for (int gid : List.of(100, 101, 102)) {
        lab.c.world().crash(lab.c.servers(gid).get(1));
      }
      lab.c.join(100);
      lab.c.leave(102);
      lab.appendAll(keys, vals);
      for (int gid : List.of(100, 101, 102)) {
        lab.c.world().restart(lab.c.servers(gid).get(1));
      }
      lab.checkAll(keys, vals);
      lab.checkLinearizable();
    });
  }

  /** Concurrent1: 10 appending clients during joins, leaves, and shutdown/restart of groups. */
  @Test
  void concurrent1() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(100, false));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 1).subList(0, 10);
      List<Lab.Appender> as = new ArrayList<>();
      for (String k : keys) {
        as.add(lab.new Appender(k, 10 * MS));
      }
      lab.c.runFor(150 * MS);
      lab.c.join(101);
      lab.c.runFor(500 * MS);
      lab.c.join(102);
      lab.c.runFor(500 * MS);
      lab.c.leave(100);
      lab.c.runFor(500 * MS);
      lab.c.shutdownGroup(101);
      lab.c.runFor(100 * MS);
      lab.c.shutdownGroup(100);
      lab.c.runFor(100 * MS);
      lab.c.shutdownGroup(102);
      lab.c.runFor(100 * MS);
      lab.c.startGroup(101);
      lab.c.startGroup(100);
      lab.c.startGroup(102);
      lab.c.runFor(100 * MS);
      lab.c.join(100);
      lab.c.leave(101);
      lab.c.runFor(500 * MS);
      lab.c.leave(102);
      lab.c.runFor(1 * S);
      lab.stopAndCheck(as);
      checkLogs(lab.c, 100);
    });
  }

  /** Concurrent2: slower appenders while groups leave and rejoin, with restarts. */
  @Test
  void concurrent2() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(-1, false));
      lab.c.join(101);
      lab.c.join(100);
      lab.c.join(102);
      List<String> keys = Keys.spread(lab.c.nShards(), 1).subList(0, 10);
      List<Lab.Appender> as = new ArrayList<>();
      for (String k : keys) {
        as.add(lab.new Appender(k, 50 * MS));
      }
      lab.c.leave(100);
      lab.c.leave(102);
      lab.c.runFor(3 * S);
      lab.c.join(100);
      lab.c.join(102);
      lab.c.leave(101);
      lab.c.runFor(3 * S);
      lab.c.join(101);
      lab.c.leave(100);
      lab.c.leave(102);
      lab.c.runFor(3 * S);
      lab.c.shutdownGroup(101);
      lab.c.shutdownGroup(102);
      lab.c.runFor(1 * S);
      lab.c.startGroup(101);
      lab.c.startGroup(102);
      lab.stopAndCheck(as);
    });
  }

  /** Concurrent3: a loop of join, pause, restart of every group, leave, under appends. */
  @Test
  void concurrent3() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(300, false));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 1).subList(0, 10);
      List<Lab.Appender> as = new ArrayList<>();
      for (String k : keys) {
        as.add(lab.new Appender(k, 5 * MS));
      }
      long end = lab.c.sim().now() + 12 * S;
      while (lab.c.sim().now() < end) {
        lab.c.join(102);
        lab.c.join(101);
        lab.c.runFor(lab.random.nextLong(900 * MS));
        lab.c.restartEveryGroup();
        lab.c.runFor(lab.random.nextLong(900 * MS));
        lab.c.leave(101);
        lab.c.leave(102);
        lab.c.runFor(lab.random.nextLong(900 * MS));
      }
      lab.c.runFor(2 * S);
      lab.stopAndCheck(as);
      checkLogs(lab.c, 300);
    });
  }

  /** Unreliable1/2: joins and leaves with appends and Gets over an unreliable network. */
  @Test
  void unreliable() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(100, true));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 1).subList(0, 10);
      List<String> vals = lab.putAll(keys, 5);
      lab.c.join(101);
      lab.c.join(102);
      lab.c.leave(100);
      for (int iter = 0; iter < 10; iter++) {
        lab.appendAll(keys, vals);
        lab.checkAll(keys, vals);
      }
      lab.c.join(100);
      lab.c.leave(101);
      List<Lab.Appender> as = new ArrayList<>();
      for (String k : Keys.spread(lab.c.nShards(), 2).subList(12, 22)) {
        as.add(lab.new Appender(k, 0));
      }
      lab.c.runFor(500 * MS);
      lab.c.join(101);
      lab.c.leave(102);
      lab.c.runFor(500 * MS);
      lab.c.leave(100);
      lab.c.join(102);
      lab.c.runFor(2 * S);
      lab.checkAll(keys, vals);
      lab.stopAndCheck(as);
      checkLogs(lab.c, 100);
    });
  }

  /** Unreliable3: random Get/Put/Append by 10 clients on few keys during reconfiguration; linearizable. */
  @Test
  void unreliableRandomOpsLinearizable() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(100, true));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 1).subList(0, 5);
      ClientPool clients = new ClientPool(lab.c, lab.history);
      for (int i = 0; i < 10; i++) {
        clients.add(keys, lab.random.split(), 34, 33, 20 * MS);
      }
      lab.c.runFor(1 * S);
      lab.c.join(101);
      lab.c.runFor(1 * S);
      lab.c.join(102);
      lab.c.runFor(1 * S);
      lab.c.leave(100);
      lab.c.runFor(1 * S);
      lab.c.leave(101);
      lab.c.runFor(1 * S);
      lab.c.join(100);
      lab.c.runFor(1 * S);
      assertTrue(clients.stopAndAwait(60 * S), "clients did not finish");
      lab.checkLinearizable();
    });
  }
}
