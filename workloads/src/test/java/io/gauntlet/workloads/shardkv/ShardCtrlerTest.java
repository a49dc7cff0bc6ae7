package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.shardctrler.CtrlerClerk;
import io.gauntlet.system.shardctrler.ShardConfig;
import io.gauntlet.system.shardctrler.Shards;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The 2024 lab 5A shard controller tests (MIT-TESTS section 5): 3 controller replicas on a reliable
 * network, NShards 12; {@code check} = exact group set, no shard on an invalid gid, max - min <= 1.
 */
class ShardCtrlerTest {
  private static final long S = ShardKvCluster.SECOND;

  private static ShardKvCluster cluster(long seed) {
    return new ShardKvCluster(seed, new ShardKvCluster.Options());
  }

  private static List<String> names(int gid) {
    return List.of("x" + gid + "a", "x" + gid + "b", "x" + gid + "c");
  }

  private static ShardConfig join(ShardKvCluster c, int... gids) {
    Map<Integer, List<String>> m = new HashMap<>();
    for (int g : gids) {
      m.put(g, names(g));
    }
    return c.await(c.admin().join(m), 30 * S, "join " + m.keySet());
  }

  private static ShardConfig leave(ShardKvCluster c, Integer... gids) {
    return c.await(c.admin().leave(List.of(gids)), 30 * S, "leave");
  }

  private static ShardConfig query(ShardKvCluster c, int num) {
    return c.await(c.admin().query(num), 30 * S, "query " + num);
  }

  /** The labs' check(): exact group set and servers, shards only on live gids, balanced within one. */
  static void check(ShardConfig cfg, Collection<Integer> gids) {
    assertEquals(new TreeSet<>(gids), new TreeSet<>(cfg.groups().keySet()), "groups of " + cfg);
    for (int g : gids) {
      assertEquals(names(g), cfg.servers(g), "servers of gid " + g + " kept exactly");
    }
    if (!gids.isEmpty()) {
      for (int s = 0; s < cfg.nShards(); s++) {
        assertTrue(gids.contains(cfg.owner(s)), "shard " + s + " on invalid gid " + cfg.owner(s) + " in " + cfg);
      }
    } else {
      assertTrue(cfg.shards().stream().allMatch(g -> g == 0), "no groups, yet shards assigned: " + cfg);
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int g : gids) {
      int n = cfg.shardsOf(g).size();
      min = Math.min(min, n);
      max = Math.max(max, n);
    }
    assertTrue(gids.isEmpty() || max - min <= 1, "unbalanced (" + min + ".." + max + "): " + cfg);
  }

  @Test
  void keyToShardIsFnv1a() {
    // FNV-1a 32-bit reference values: "" = 0x811c9dc5, "a" = 0xe40c292c, "foobar" = 0xbf9cf968.
    assertEquals((int) (0x811c9dc5L % 12), Shards.keyToShard("", 12));
    assertEquals((int) (0xe40c292cL % 12), Shards.keyToShard("a", 12));
    assertEquals((int) (0xbf9cf968L % 10), Shards.keyToShard("foobar", 10));
  }

  @Test
  void basicLeaveJoinAndHistoricalQueries() {
    Seeds.run(seed -> {
      ShardKvCluster c = cluster(seed);
      List<ShardConfig> saved = new ArrayList<>();
      ShardConfig c0 = query(c, -1);
      assertEquals(0, c0.num());
      check(c0, List.of());
      saved.add(c0);
      saved.add(join(c, 1));
      check(query(c, -1), List.of(1));
      saved.add(join(c, 2));
      check(query(c, -1), List.of(1, 2));
      saved.add(join(c, 2)); // joining a member again keeps its servers
      check(query(c, -1), List.of(1, 2));
      saved.add(leave(c, 1));
      check(query(c, -1), List.of(2));
      saved.add(leave(c, 1));
      check(query(c, -1), List.of(2));
      // Historical queries: with each replica down in turn, every saved config answers exactly.
      for (String down : c.ctrlers()) {
        c.world().crash(down);
        for (ShardConfig want : saved) {
          assertEquals(want, query(c, want.num()), "historical query " + want.num() + " with " + down + " down");
        }
        c.world().restart(down);
      }
      leave(c, 2);
      check(query(c, -1), List.of());
    });
  }

  @Test
  void move() {
    Seeds.run(seed -> {
      ShardKvCluster c = cluster(seed);
      join(c, 503);
      join(c, 504);
      int n = c.nShards();
      for (int s = 0; s < n; s++) {
        int before = query(c, -1).num();
        ShardConfig after = c.await(c.admin().move(s, s < n / 2 ? 503 : 504), 30 * S, "move");
        assertEquals(before + 1, after.num(), "a Move makes one new configuration");
      }
      ShardConfig last = query(c, -1);
      for (int s = 0; s < n; s++) {
        assertEquals(s < n / 2 ? 503 : 504, last.owner(s), "shard " + s + " after the moves: " + last);
      }
      int num = last.num();
      c.await(c.admin().move(0, 999), 30 * S, "move to unknown gid");
      assertEquals(num, query(c, -1).num(), "a Move to an unknown group makes no configuration");
    });
  }

  @Test
  void concurrentLeaveJoin() {
    Seeds.run(seed -> {
      ShardKvCluster c = cluster(seed);
      int npara = 10;
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int i = 1; i <= npara; i++) {
        int gid = i;
        CtrlerClerk ck = c.newCtrlerClerk();
        all.add(ck.join(Map.of(gid + 1000, names(gid + 1000)))
            .thenCompose(x -> ck.join(Map.of(gid, names(gid))))
            .thenCompose(x -> ck.leave(List.of(gid + 1000))));
      }
      c.await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)), 60 * S, "concurrent joins/leaves");
      List<Integer> gids = new ArrayList<>();
      for (int i = 1; i <= npara; i++) {
        gids.add(i);
      }
      check(query(c, -1), gids);
    });
  }

  @Test
  void minimalTransferAfterJoinsAndLeaves() {
    Seeds.run(seed -> {
      ShardKvCluster c = cluster(seed);
      int npara = 10;
      for (int i = 1; i <= npara; i++) {
        join(c, i);
      }
      ShardConfig c1 = query(c, -1);
      for (int i = 0; i < 5; i++) {
        join(c, npara + 1 + i);
      }
      ShardConfig c2 = query(c, -1);
      for (int g = 1; g <= npara; g++) {
        for (int s = 0; s < c1.nShards(); s++) {
          if (c2.owner(s) == g) {
            assertEquals(g, c1.owner(s), "non-minimal transfer after Join()s: shard " + s + " " + c1 + " -> " + c2);
          }
        }
      }
      for (int i = 0; i < 5; i++) {
        leave(c, npara + 1 + i);
      }
      ShardConfig c3 = query(c, -1);
      for (int g = 1; g <= npara; g++) {
        for (int s = 0; s < c1.nShards(); s++) {
          if (c2.owner(s) == g) {
            assertEquals(g, c3.owner(s), "non-minimal transfer after Leave()s: shard " + s + " " + c2 + " -> " + c3);
          }
        }
      }
    });
  }

  @Test
  void minimalAgain() {
    Seeds.run(seed -> {
      ShardKvCluster c = cluster(seed);
      join(c, 1);
      ShardConfig a = join(c, 2);
      ShardConfig b = join(c, 3);
      int limit = c.nShards() / 3 + 1;
      int changed = 0;
      for (int s = 0; s < c.nShards(); s++) {
        if (a.owner(s) != b.owner(s)) {
          changed++;
          assertEquals(3, b.owner(s), "after join 3, shard " + s + " moved elsewhere than to 3: " + a + " -> " + b);
        }
      }
      assertTrue(changed <= limit, changed + " shards moved on join 3, more than " + limit);
      ShardConfig d = leave(c, 1);
      changed = 0;
      for (int s = 0; s < c.nShards(); s++) {
        if (b.owner(s) != d.owner(s)) {
          changed++;
          assertEquals(1, b.owner(s), "after leave 1, shard " + s + " of gid " + b.owner(s) + " moved: " + b + " -> " + d);
        }
      }
      assertTrue(changed <= limit, changed + " shards moved on leave 1, more than " + limit);
      check(d, List.of(2, 3));
    });
  }

  @Test
  void multiJoinLeaveAndAgreeConfig() {
    Seeds.run(seed -> {
      ShardKvCluster c = cluster(seed);
      join(c, 1, 2, 3);
      check(query(c, -1), List.of(1, 2, 3));
      leave(c, 1, 3);
      check(query(c, -1), List.of(2));
      // Concurrent multi-joins and leaves.
      int npara = 10;
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int i = 1; i <= npara; i++) {
        int gid = 100 + i;
        CtrlerClerk ck = c.newCtrlerClerk();
        all.add(ck.join(Map.of(gid, names(gid), gid + 1000, names(gid + 1000)))
            .thenCompose(x -> ck.leave(List.of(gid + 1000))));
      }
      c.await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)), 60 * S, "concurrent multi joins/leaves");
      List<Integer> gids = new ArrayList<>(List.of(2));
      for (int i = 1; i <= npara; i++) {
        gids.add(100 + i);
      }
      check(query(c, -1), gids);
      // Minimal transfer after a multi-join and a multi-leave.
      ShardConfig before = query(c, -1);
      ShardConfig afterJoin = join(c, 201, 202, 203);
      Set<Integer> newGids = Set.of(201, 202, 203);
      for (int s = 0; s < before.nShards(); s++) {
        if (before.owner(s) != afterJoin.owner(s)) {
          assertTrue(newGids.contains(afterJoin.owner(s)), "multi-join moved shard " + s + " between old groups");
        }
      }
      ShardConfig afterLeave = leave(c, 201, 202, 203);
      for (int s = 0; s < before.nShards(); s++) {
        if (afterJoin.owner(s) != afterLeave.owner(s)) {
          assertTrue(newGids.contains(afterJoin.owner(s)), "multi-leave moved shard " + s + " of a staying group");
        }
      }
      // AgreeConfig: the leader dies; the configuration after recovery is the one before.
      ShardConfig agreed = query(c, -1);
      String leader = null;
      for (String n : c.ctrlers()) {
        if (c.world().node(n) instanceof io.gauntlet.system.shardctrler.CtrlerServer s && s.rsm().isLeader()) {
          leader = n;
        }
      }
      assertTrue(leader != null, "no controller leader");
      c.world().crash(leader);
      assertEquals(agreed, query(c, -1), "configuration changed across a leader crash");
      c.world().restart(leader);
    });
  }

  @Test
  void rebalanceMovesAtMostNShardsOverGroupsPlusOne() {
    Seeds.run(seed -> {
      ShardKvCluster c = cluster(seed);
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
      Set<Integer> members = new TreeSet<>();
      ShardConfig prev = query(c, -1);
      for (int step = 0; step < 30; step++) {
        ShardConfig next;
        if (members.isEmpty() || (members.size() < 15 && r.nextBoolean())) {
          int g = 1 + r.nextInt(20);
          members.add(g);
          next = join(c, g);
        } else {
          int g = new ArrayList<>(members).get(r.nextInt(members.size()));
          members.remove(g);
          next = leave(c, g);
        }
        check(next, members);
        int moved = 0;
        for (int s = 0; s < c.nShards(); s++) {
          if (prev.owner(s) != 0 && next.owner(s) != prev.owner(s)) {
            moved++;
          }
        }
        int groups = Math.max(1, Math.max(members.size(), prev.groups().size())); // one group in or out
        assertTrue(moved <= c.nShards() / groups + 1, "step " + step + " moved " + moved + " shards: " + prev + " -> " + next);
        prev = next;
      }
    });
  }
}
