package io.gauntlet.system.shardctrler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic rebalancing that moves the fewest shards. Each group's target is NShards/groups, and
 * the NShards%groups groups that already hold the most shards (ties: lower gid) get one more, so
 * no shard moves that need not. Only shards of departed (or no) groups and a group's excess over
 * its target move; they go, in shard order, to groups below target in gid order.
 */
final class Rebalancer {
  private Rebalancer() {}

  /** The assignment of {@code shards} over the groups {@code gids} (ascending). */
  static List<Integer> rebalance(List<Integer> shards, List<Integer> gids) {
    int n = shards.size();
    List<Integer> out = new ArrayList<>(shards);
    if (gids.isEmpty()) {
      for (int s = 0; s < n; s++) {
        out.set(s, 0);
      }
      return out;
    }
    Map<Integer, List<Integer>> held = new HashMap<>();
    for (int gid : gids) {
      held.put(gid, new ArrayList<>());
    }
    List<Integer> free = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      List<Integer> h = held.get(shards.get(s));
      if (h == null) {
        free.add(s);
      } else {
        h.add(s);
      }
    }
    List<Integer> byLoad = new ArrayList<>(gids);
    byLoad.sort(Comparator.<Integer>comparingInt(g -> -held.get(g).size()).thenComparingInt(g -> g));
    int base = n / gids.size();
    int extra = n % gids.size();
    Map<Integer, Integer> target = new HashMap<>();
    for (int i = 0; i < byLoad.size(); i++) {
      target.put(byLoad.get(i), base + (i < extra ? 1 : 0));
    }
    for (int gid : gids) {
      List<Integer> h = held.get(gid);
      while (h.size() > target.get(gid)) {
        free.add(h.remove(h.size() - 1)); // give up the highest-numbered shards
      }
    }
    free.sort(null);
    int next = 0;
    for (int gid : gids) {
      List<Integer> h = held.get(gid);
      while (h.size() < target.get(gid)) {
        h.add(free.get(next++));
      }
    }
    for (int gid : gids) {
      for (int s : held.get(gid)) {
        out.set(s, gid);
      }
    }
    return out;
  }
}
