package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.Seeds;
import static io.gauntlet.workloads.shardkv.Lab.MS;
import static io.gauntlet.workloads.shardkv.Lab.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.shardctrler.ShardConfig;
import io.gauntlet.system.shardctrler.Shards;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The 2025 lab 5A scenarios that apply to this design (the controller here is a Raft service, not
 * the 2025 lock-based one): a group shut down while others serve, restarts of every group, progress
 * of unaffected shards during churn, and many concurrent clerks during joins and leaves. Gids start
 * at 1; 60 keys (5 x NShards) with 20-byte values.
 */
class ShardKv2025Test {
  private static List<String> keys(Lab lab) {
    return Keys.spread(lab.c.nShards(), 5);
  }

  /** checkShutdownSharding: with group g down some Gets complete (correctly) and some must not. */
  private static void checkShutdownSharding(Lab lab, int gid, List<String> keys, List<String> vals) {
    lab.c.shutdownGroup(gid);
    int done = lab.getsThatComplete(keys, vals);
    assertTrue(done < keys.size(), "all " + done + " Gets completed with group " + gid + " down");
    lab.c.startGroup(gid);
  }

  @Test
  void joinBasicAndShutdownSharding() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(-1, false));
      ShardConfig c1 = lab.c.join(1);
      assertEquals(1, c1.num());
      List<String> keys = keys(lab);
      List<String> vals = lab.putAll(keys, 20);
      ShardConfig c2 = lab.c.join(2);
      assertEquals(c1.num() + 1, c2.num(), "a join makes exactly one configuration");
      assertTrue(c2.groups().containsKey(2));
      checkShutdownSharding(lab, 1, keys, vals);
      lab.checkAll(keys, vals);
      checkShutdownSharding(lab, 2, keys, vals);
      lab.checkAll(keys, vals);
      lab.checkLinearizable();
    });
  }

  @Test
  void shutdownAndRestartEveryGroup() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(-1, false));
      lab.c.join(1);
      List<String> keys = keys(lab);
      List<String> vals = lab.putAll(keys, 20);
      lab.c.join(2);
      lab.c.join(3);
      checkShutdownSharding(lab, 2, keys, vals);
      lab.c.restartEveryGroup();
      lab.checkAll(keys, vals);
      lab.checkLinearizable();
    });
  }

  /** ProgressShutdown: with 2 of 4 groups down, Gets of keys on the live groups finish within 2 s. */
  @Test
  void progressShutdown() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(-1, false));
      lab.c.join(1);
      List<String> keys = keys(lab);
      List<String> vals = lab.putAll(keys, 20);
      ShardConfig cfg = null;
      for (int g = 2; g <= 4; g++) {
        cfg = lab.c.join(g);
        lab.c.runFor(200 * MS);
      }
      lab.checkAll(keys, vals); // everything migrated
      lab.c.shutdownGroup(1);
      lab.c.shutdownGroup(2);
      List<CompletableFuture<KvResult>> fs = new ArrayList<>();
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        int owner = cfg.owner(Shards.keyToShard(keys.get(i), lab.c.nShards()));
        if (owner == 3 || owner == 4) {
          fs.add(lab.c.newRecordedClerk(lab.history).get(keys.get(i)));
          idx.add(i);
        }
      }
      assertTrue(lab.c.runUntil(() -> fs.stream().allMatch(CompletableFuture::isDone), 2 * S),
          "Gets of keys on live groups did not all finish within 2 s");
      for (int j = 0; j < fs.size(); j++) {
        assertEquals(vals.get(idx.get(j)), fs.get(j).join().value());
      }
      lab.checkLinearizable();
    });
  }

  /** ProgressJoin: gid 7 joins and leaves repeatedly; Gets of stable shards keep flowing. */
  @Test
  void progressJoin() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(-1, false));
      lab.c.join(1);
      List<String> keys = keys(lab);
      List<String> vals = lab.putAll(keys, 20);
      for (int g = 2; g <= 4; g++) {
        lab.c.join(g);
        lab.c.runFor(200 * MS);
      }
      lab.checkAll(keys, vals);
      // Shards that stay where they are when 7 joins (and so when it leaves again).
      ShardConfig before = lab.c.query(-1);
      ShardConfig with7 = lab.c.join(7);
      lab.c.leave(7);
      Set<Integer> stable = new HashSet<>();
      for (int s = 0; s < lab.c.nShards(); s++) {
        if (before.owner(s) == with7.owner(s)) {
          stable.add(s);
        }
      }
      List<Integer> readable = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        if (stable.contains(Shards.keyToShard(keys.get(i), lab.c.nShards()))) {
          readable.add(i);
        }
      }
      assertTrue(!readable.isEmpty(), "no stable shard");
      // Background churn: 7 joins and leaves over and over.
      boolean[] stop = {false};
      var admin = lab.c.newCtrlerClerk();
      Runnable[] churn = new Runnable[1];
      churn[0] = () -> {
        if (!stop[0]) {
          admin.join(java.util.Map.of(7, lab.c.servers(7))).thenCompose(x -> admin.leave(List.of(7)))
              .thenAccept(x -> lab.c.sim().schedule(50 * MS, churn[0]));
        }
      };
      lab.c.sim().schedule(0, churn[0]);
      // The reader: for 4 s, Gets of stable keys one after another.
      RecordedClerk reader = lab.c.newRecordedClerk(lab.history);
      long start = lab.c.sim().now();
      int[] gets = {0};
      boolean[] finished = {false};
      Runnable[] read = new Runnable[1];
      read[0] = () -> {
        if (lab.c.sim().now() - start >= 4 * S) {
          finished[0] = true;
          return;
        }
        int i = readable.get(gets[0] % readable.size());
        reader.get(keys.get(i)).thenAccept(r -> {
          assertEquals(vals.get(i), r.value(), "Get(" + keys.get(i) + ") during churn");
          gets[0]++;
          lab.c.sim().schedule(0, read[0]);
        });
      };
      lab.c.sim().schedule(0, read[0]);
      assertTrue(lab.c.runUntil(() -> finished[0], 8 * S), "the reader did not finish within 8 s (" + gets[0] + " Gets)");
      stop[0] = true;
      assertTrue(gets[0] >= 100, "only " + gets[0] + " Gets of stable shards in 4 s of churn");
      lab.checkLinearizable();
    });
  }

  /** Many concurrent clerks on one key while 8 groups join, then leave; the history must be linearizable. */
  @Test
  void manyConcurrentClerksDuringJoinsAndLeaves() {
    for (boolean unreliable : new boolean[] {false, true}) {
      Seeds.run(seed -> {
        Lab lab = new Lab(seed, Lab.options(-1, unreliable));
        lab.c.join(1);
        ClientPool clients = new ClientPool(lab.c, lab.history);
        for (int i = 0; i < 10; i++) {
          clients.add(List.of("k0"), lab.random.split(), 33, 67, 20 * MS); // all on one key, as the labs
        }
        for (int g = 2; g <= 9; g++) {
          lab.c.join(g);
          lab.c.runFor(200 * MS);
        }
        for (int g = 1; g <= 8; g++) {
          lab.c.leave(g);
          lab.c.runFor(200 * MS);
        }
        assertTrue(clients.stopAndAwait(60 * S), "clerks did not finish (unreliable=" + unreliable + ")");
        lab.checkLinearizable();
      });
    }
  }
}
