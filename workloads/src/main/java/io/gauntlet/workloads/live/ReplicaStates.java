package io.gauntlet.workloads.live;

import io.gauntlet.system.node.StateDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * After the final reads, every replica's state digest compared at one applied index, as etcd's
 * functional tester compares its members' HashKV: replicas that applied the same log must hold the
 * same state. A bug that lets one replica apply a command twice (a duplicate table lost in a
 * snapshot) or differently shows here even when no client read that replica. With the clients
 * stopped the replicas converge on one applied index; the check waits for that, and compares
 * whichever replicas share an index if they never do.
 */
public final class ReplicaStates {
  /**
   * What the comparison found.
   *
   * @param applied the index the compared replicas had applied through (0: nothing compared)
   * @param digests each answering replica's applied index and digest, as "index digest"
   * @param compared how many replicas were compared at {@code applied}
   * @param divergence empty when they agree; else a sentence naming the replicas and digests
   * @param note why fewer than all replicas were compared, if they were not
   */
  public record Result(long applied, Map<String, String> digests, int compared, String divergence, String note) {
    public boolean agree() {
      return divergence.isEmpty();
    }
  }

  private ReplicaStates() {}

  /**
   * Polls {@code digests} and compares each Raft group's replicas with each other (kvraft: one
   * group; sharded KV: the controllers and each shard group), until every group has all its
   * replicas at one index, one group differs, or {@code waitMillis} passes. Replicas that answer
   * without a digest (a service that offers none) never will: no waiting for them.
   *
   * @param groups each group's name and its replicas' ids
   * @return each group's result, in the order given
   */
  public static Map<String, Result> checkGroups(Supplier<Map<String, StateDigest>> digests,
      Map<String, List<String>> groups, long waitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    while (true) {
      Map<String, StateDigest> all = digests.get();
      Map<String, Result> out = new java.util.LinkedHashMap<>();
      boolean settled = true;
      boolean differ = false;
      for (Map.Entry<String, List<String>> g : groups.entrySet()) {
        Map<String, StateDigest> mine = new TreeMap<>();
        all.forEach((id, d) -> {
          if (g.getValue().contains(id)) {
            mine.put(id, d);
          }
        });
        Map<String, StateDigest> offered = withDigest(mine);
        Result r = compare(offered, g.getValue().size());
        out.put(g.getKey(), r);
        differ |= !r.agree();
        boolean noneOffered = !mine.isEmpty() && offered.isEmpty();
        settled &= r.compared() == g.getValue().size() || noneOffered;
      }
      if (differ || settled || System.nanoTime() > deadline) {
        return out;
      }
      Thread.sleep(200);
    }
  }

  private static Map<String, StateDigest> withDigest(Map<String, StateDigest> all) {
    Map<String, StateDigest> out = new TreeMap<>();
    all.forEach((id, d) -> {
      if (!d.digest().isEmpty()) {
        out.put(id, d);
      }
    });
    return out;
  }

  /** Compares the replicas at each shared index; reports the largest group's index when all agree. */
  public static Result compare(Map<String, StateDigest> byNode, int replicas) {
    Map<String, String> shown = new TreeMap<>();
    Map<Long, List<StateDigest>> byIndex = new TreeMap<>();
    byNode.forEach((id, d) -> {
      shown.put(id, d.applied() + " " + d.digest());
      byIndex.computeIfAbsent(d.applied(), i -> new ArrayList<>()).add(d);
    });
    long bestIndex = 0;
    int best = 0;
    for (Map.Entry<Long, List<StateDigest>> e : byIndex.entrySet()) {
      List<StateDigest> same = e.getValue();
      for (StateDigest d : same) {
        if (!d.digest().equals(same.get(0).digest())) {
          return new Result(e.getKey(), shown, same.size(), "replicas differ after applying through index " + e.getKey() + ": "
              + same.get(0).id() + " holds " + same.get(0).digest() + ", " + d.id() + " holds " + d.digest(), "");
        }
      }
      if (same.size() >= best) {
        best = same.size();
        bestIndex = e.getKey();
      }
    }
    String note = best == replicas ? "" : byNode.size() < replicas
        ? (replicas - byNode.size()) + " of " + replicas + " replicas gave no digest"
        : "the replicas did not reach one applied index: " + shown.values();
    return new Result(best >= 2 ? bestIndex : 0, shown, best >= 2 ? best : 0, "", note);
  }
}
