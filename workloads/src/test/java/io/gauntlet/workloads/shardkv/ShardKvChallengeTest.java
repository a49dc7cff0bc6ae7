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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The labs' challenges (2024 TestChallenge1Delete, TestChallenge2Unaffected, TestChallenge2Partial)
 * and the 2025 TestDeleteBasic5A size bound: handed-off shards are deleted, and shards not waiting
 * for data are served throughout a reconfiguration.
 */
class ShardKvChallengeTest {
  /** Challenge 1: after joins and leaves, the total persisted state holds each value about once per replica. */
  @Test
  void challenge1Delete() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(1, false)); // snapshot after every entry
      lab.c.join(100);
      int n = 30;
      List<String> keys = Keys.spread(lab.c.nShards(), 3).subList(0, n);
      List<String> vals = lab.putAll(keys, 1000);
      for (int iter = 0; iter < 2; iter++) {
        lab.c.join(101);
        lab.c.leave(100);
        lab.c.join(102);
        lab.c.runFor(3 * S);
        lab.checkAll(keys, vals);
        lab.c.leave(101);
        lab.c.join(100);
        lab.c.leave(102);
        lab.c.runFor(3 * S);
        lab.checkAll(keys, vals);
      }
      lab.c.join(101);
      lab.c.join(102);
      lab.c.runFor(1 * S);
      lab.checkAll(keys, vals);
      lab.c.runFor(1 * S);
      lab.checkAll(keys, vals);
      long total = lab.c.totalPersistedBytes();
      // 27 keys stored once, 3 of them also in dup tables in the labs' design, on 3 replicas, plus slop.
      long expected = 3L * ((n - 3) * 1000 + 2 * 3 * 1000 + 6000);
      assertTrue(total <= expected, "persisted state " + total + " B > " + expected + " B: handed-off shards not deleted?");
      lab.checkLinearizable();
    });
  }

  /** 2025 TestDeleteBasic5A: after a join, the two groups' snapshots hold the data about once. */
  @Test
  void deleteBasicSnapshotBound() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(10_000, false));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 5); // 60 keys, as NKEYS = 5 x NShards
      List<String> vals = lab.putAll(keys, 1000);
      lab.c.runFor(1 * S);
      long before = lab.c.maxSnapshotBytes(100);
      lab.c.join(101);
      for (int round = 0; round < 5; round++) {
        lab.checkAll(keys, vals);
      }
      lab.c.runFor(1 * S);
      long after = lab.c.maxSnapshotBytes(100) + lab.c.maxSnapshotBytes(101);
      assertTrue(before > 30_000, "group 100 never snapshotted its 60 KB of values (" + before + " B)");
      assertTrue(after <= before + 10_000, "snapshots after the join " + after + " B > before " + before + " B + 10000: moved shards not deleted");
    });
  }

  /** Challenge 2 (unaffected): 101's own shards stay servable after 100 is killed and leaves. */
  @Test
  void challenge2Unaffected() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(100, true));
      lab.c.join(100);
      List<String> keys = Keys.spread(lab.c.nShards(), 1);
      List<String> vals = lab.putAll(keys, 20);
      ShardConfig c = lab.c.join(101);
      lab.c.runFor(1 * S);
      List<Integer> owned = c.shardsOf(101);
      for (int i = 0; i < keys.size(); i++) {
        if (owned.contains(Shards.keyToShard(keys.get(i), lab.c.nShards()))) {
          vals.set(i, lab.randString(20));
          lab.put(keys.get(i), vals.get(i));
        }
      }
      lab.c.shutdownGroup(100);
      lab.c.leave(100); // 101 cannot pull 100's shards, but must keep serving its own
      lab.c.runFor(1 * S);
      int checked = 0;
      for (int i = 0; i < keys.size(); i++) {
        if (owned.contains(Shards.keyToShard(keys.get(i), lab.c.nShards()))) {
          lab.check(keys.get(i), vals.get(i));
          lab.put(keys.get(i), vals.get(i) + "-1");
          lab.check(keys.get(i), vals.get(i) + "-1");
          checked++;
        }
      }
      assertTrue(checked > 0, "group 101 owned no shard");
      lab.checkLinearizable();
    });
  }

  /**
   * Challenge 2 (partial): 2 s after 100 dies and 100 and 102 leave, the shards 101 got from 102
   * answer within 1 s, although 100's shards never arrive.
   *
   * <p>The bound is the labs' 1 s plus 150 ms for every message of that call the network lost. In
   * labrpc a lost request or reply makes {@code Call} return false at once (after at most 27 ms;
   * MIT-TESTS section 7), so the labs' second holds no time for noticing losses; our network is
   * one-way, so our clerk notices a loss only when its retry timer (100 ms) fires, and a loss that
   * ends a round over the group's servers adds a pause of half that before the next round (the labs'
   * clerk sleeps 100 ms per round as well, so only the detection is extra; the half pause is
   * counted so the bound never blames the server for a slow client). Seed 105 (a stale clerk, then
   * two OK replies of 101's leader and a follower's redirect all lost) took over 1 s although 101
   * had served the shard since 4.38 s; seed 13964 lost 6 of 101's leader's 7 OK replies (15 lost
   * messages in all) and took 2.69 s. In a sweep of seeds 1-2000, every Get over 1 s found the shard
   * SERVING at 101's leader when it began (docs/decisions.md). A group that held 102's shards back
   * until 100's arrived fails every seed.
   */
  @Test
  void challenge2Partial() {
    Seeds.run(seed -> {
      Lab lab = new Lab(seed, Lab.options(100, true));
      ShardConfig c = lab.c.join(100, 101, 102);
      List<String> keys = Keys.spread(lab.c.nShards(), 1);
      List<String> vals = lab.putAll(keys, 20);
      List<Integer> owned102 = c.shardsOf(102);
      lab.c.shutdownGroup(100);
      lab.c.leave(100, 102);
      lab.c.runFor(2 * S); // the labs' "give 101 some time to complete migration"
      int checked = 0;
      for (int i = 0; i < keys.size(); i++) {
        if (owned102.contains(Shards.keyToShard(keys.get(i), lab.c.nShards()))) {
          // As the labs do ("only one call allowed per client"): a fresh clerk, which starts by
          // asking the controller for the latest configuration.
          RecordedClerk ck = lab.c.newRecordedClerk(lab.history);
          LostMessages lost = LostMessages.of(lab.c.world(), ck.clerk().name());
          long start = lab.c.sim().now();
          CompletableFuture<KvResult> f = ck.get(keys.get(i));
          long perLoss = lab.c.options().clerkRetryNanos * 3 / 2;
          lab.c.runUntil(() -> f.isDone() || lab.c.sim().now() - start > 1 * S + lost.count() * perLoss, 60 * S);
          long allowed = 1 * S + lost.count() * perLoss;
          lost.stop();
          assertTrue(f.isDone(), "Get(" + keys.get(i) + ") of a shard moved from 102 to 101 not served within "
              + allowed / MS + " ms (1 s + " + lost.count() + " lost messages x 150 ms)"
              + " while 100's shards are stuck");
          assertEquals(vals.get(i), f.join().value(), "Get(" + keys.get(i) + ")");
          checked++;
        }
      }
      assertTrue(checked > 0, "group 102 owned no shard");
      lab.checkLinearizable();
    });
  }
}
