package io.gauntlet.workloads.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.node.StateDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replicas are compared where they share an applied index; the check waits for them to converge. */
class ReplicaStatesTest {
  private static final Map<String, List<String>> ONE_GROUP = Map.of("replicas", List.of("n1", "n2", "n3"));

  /** The one group's result: kvraft's replicas are one Raft group. */
  private static ReplicaStates.Result check(java.util.function.Supplier<Map<String, StateDigest>> digests, long waitMillis)
      throws InterruptedException {
    return ReplicaStates.checkGroups(digests, ONE_GROUP, waitMillis).get("replicas");
  }

  private static Map<String, StateDigest> round(StateDigest... ds) {
    Map<String, StateDigest> m = new LinkedHashMap<>();
    for (StateDigest d : ds) {
      m.put(d.id(), d);
    }
    return m;
  }

  @Test
  void replicasThatConvergeAndAgreeAreCompared() throws Exception {
    Deque<Map<String, StateDigest>> rounds = new ArrayDeque<>(List.of(
        round(new StateDigest("n1", 10, "3:a"), new StateDigest("n2", 9, "3:b"), new StateDigest("n3", 10, "3:a")),
        round(new StateDigest("n1", 10, "3:a"), new StateDigest("n2", 10, "3:a"), new StateDigest("n3", 10, "3:a"))));
    ReplicaStates.Result r = check(() -> rounds.size() > 1 ? rounds.poll() : rounds.peek(), 5_000);
    assertTrue(r.agree());
    assertEquals(3, r.compared());
    assertEquals(10, r.applied());
    assertEquals("", r.note());
  }

  @Test
  void replicasAtOneIndexWithDifferentStatesDiverge() throws Exception {
    ReplicaStates.Result r = check(() -> round(new StateDigest("n1", 12, "4:aa"),
        new StateDigest("n2", 12, "4:ab"), new StateDigest("n3", 11, "4:ff")), 5_000);
    assertFalse(r.agree());
    assertEquals("replicas differ after applying through index 12: n1 holds 4:aa, n2 holds 4:ab", r.divergence());
  }

  @Test
  void replicasThatNeverConvergeAreComparedWhereTheyCanAndSaySo() throws Exception {
    ReplicaStates.Result r = check(() -> round(new StateDigest("n1", 12, "4:aa"),
        new StateDigest("n2", 12, "4:aa"), new StateDigest("n3", 11, "4:ff")), 300);
    assertTrue(r.agree());
    assertEquals(2, r.compared());
    assertTrue(r.note().startsWith("the replicas did not reach one applied index"), r.note());
    int[] asked = {0};
    ReplicaStates.Result none = check(() -> {
      asked[0]++;
      return round(new StateDigest("n1", 12, ""));
    }, 60_000);
    assertEquals(0, none.compared());
    assertEquals("3 of 3 replicas gave no digest", none.note());
    assertEquals(1, asked[0], "asked again for digests a service does not offer");
  }

  /** Sharded KV: groups are compared within themselves; indexes and states differ between groups. */
  @Test
  void eachGroupIsComparedWithinItself() throws Exception {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put("controllers", List.of("n1", "n2", "n3"));
    groups.put("group 100", List.of("n4", "n5", "n6"));
    Map<String, ReplicaStates.Result> ok = ReplicaStates.checkGroups(() -> round(
        new StateDigest("n1", 7, "3:c"), new StateDigest("n2", 7, "3:c"), new StateDigest("n3", 7, "3:c"),
        new StateDigest("n4", 40, "k:9"), new StateDigest("n5", 40, "k:9"), new StateDigest("n6", 40, "k:9")), groups, 5_000);
    assertTrue(ok.get("controllers").agree() && ok.get("group 100").agree(), ok.toString());
    assertEquals(7, ok.get("controllers").applied());
    assertEquals(40, ok.get("group 100").applied());
    assertEquals(3, ok.get("group 100").compared());
    Map<String, ReplicaStates.Result> bad = ReplicaStates.checkGroups(() -> round(
        new StateDigest("n1", 7, "3:c"), new StateDigest("n2", 7, "3:c"), new StateDigest("n3", 7, "3:c"),
        new StateDigest("n4", 40, "k:9"), new StateDigest("n5", 40, "k:8"), new StateDigest("n6", 40, "k:9")), groups, 5_000);
    assertTrue(bad.get("controllers").agree());
    assertFalse(bad.get("group 100").agree());
    assertEquals("replicas differ after applying through index 40: n4 holds k:9, n5 holds k:8",
        bad.get("group 100").divergence());
  }
}
