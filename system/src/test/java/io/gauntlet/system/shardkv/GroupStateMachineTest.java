package io.gauntlet.system.shardkv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvOp;
import io.gauntlet.system.shardctrler.ShardConfig;
import io.gauntlet.system.shardctrler.Shards;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The group state machine's migration rules, applied entry by entry as two groups' logs would. */
class GroupStateMachineTest {
  private static final int N = 4;
  private static final String KEY = "k1";
  private static final int S = Shards.keyToShard(KEY, N);

  private static ShardConfig config(int num, int ownerOfS, int others) {
    List<Integer> shards = new ArrayList<>(Collections.nCopies(N, others));
    shards.set(S, ownerOfS);
    TreeMap<Integer, List<String>> groups = new TreeMap<>();
    groups.put(1, List.of("a"));
    groups.put(2, List.of("b"));
    return new ShardConfig(num, shards, groups);
  }

  private static Err write(GroupStateMachine g, KvOp op, String v, long client, long seq) {
    return Err.values()[g.apply(GroupStateMachine.op(op, KEY, v, client, seq))[0]];
  }

  /** Group 1 owns the key's shard in config 1 and hands it to group 2 in config 2. */
  private static GroupStateMachine[] handOff() {
    GroupStateMachine a = new GroupStateMachine(1, N);
    GroupStateMachine b = new GroupStateMachine(2, N);
    ShardConfig c1 = config(1, 1, 1);
    ShardConfig c2 = config(2, 2, 1);
    a.apply(GroupStateMachine.config(c1));
    b.apply(GroupStateMachine.config(c1));
    assertEquals(Err.OK, write(a, KvOp.APPEND, "x", 7, 1));
    a.apply(GroupStateMachine.config(c2));
    b.apply(GroupStateMachine.config(c2));
    return new GroupStateMachine[] {a, b};
  }

  @Test
  void pullingShardIsNotServedAndRejectsWrites() {
    GroupStateMachine[] g = handOff();
    assertEquals(ShardStatus.BEPULLING, g[0].shard(S).status());
    assertEquals(ShardStatus.PULLING, g[1].shard(S).status());
    assertFalse(g[0].serves(KEY), "the old owner serves a handed-off shard");
    assertFalse(g[1].serves(KEY), "the new owner serves a shard whose data has not arrived");
    assertEquals(Err.ERR_WRONG_GROUP, write(g[1], KvOp.PUT, "lost", 8, 1));
    assertEquals(Err.ERR_WRONG_GROUP, write(g[0], KvOp.PUT, "lost", 8, 1));
  }

  /** The test bed compares replicas by digest: equal for the same log, a snapshot's round trip included. */
  @Test
  void digestIsTheSameForTheSameLogAndChangesWithTheState() {
    GroupStateMachine[] one = handOff();
    GroupStateMachine[] two = handOff();
    assertEquals(one[0].digest(), two[0].digest());
    assertTrue(one[0].digest().startsWith("config 2/1 keys 1:"), one[0].digest());
    GroupStateMachine restored = new GroupStateMachine(1, N);
    restored.restore(one[0].snapshot());
    assertEquals(one[0].digest(), restored.digest(), "a replica restored from a snapshot differs");
    one[1].apply(GroupStateMachine.install(one[0].pullReply(2, S)));
    assertFalse(one[1].digest().equals(two[1].digest()), "the installed shard did not change the digest");
    two[1].apply(GroupStateMachine.install(two[0].pullReply(2, S)));
    assertEquals(one[1].digest(), two[1].digest());
    assertEquals(Err.OK, write(one[1], KvOp.APPEND, "y", 7, 2));
    assertFalse(one[1].digest().equals(two[1].digest()), "a write did not change the digest");
  }

  /** The soak's frozen-shard check sees every write with its shard's status; here only served ones land. */
  @Test
  void writeObserverSeesEachAppliedWriteWithItsShardsStatus() {
    GroupStateMachine[] g = handOff();
    java.util.List<String> seen = new java.util.ArrayList<>();
    g[0].observeWrites((shard, status, num) -> seen.add(shard + " " + status + " " + num));
    g[1].observeWrites((shard, status, num) -> seen.add(shard + " " + status + " " + num));
    assertEquals(Err.ERR_WRONG_GROUP, write(g[0], KvOp.PUT, "lost", 8, 1));
    assertTrue(seen.isEmpty(), "a refused write was reported as applied: " + seen);
    g[1].apply(GroupStateMachine.install(g[0].pullReply(2, S)));
    assertEquals(Err.OK, write(g[1], KvOp.APPEND, "y", 7, 2));
    assertEquals(java.util.List.of(S + " GCING 2"), seen);
  }

  @Test
  void retriedWriteAtTheNewOwnerIsNotAppliedTwice() {
    GroupStateMachine[] g = handOff();
    g[1].apply(GroupStateMachine.install(g[0].pullReply(2, S)));
    assertTrue(g[1].serves(KEY));
    assertEquals("x", g[1].get(KEY));
    assertEquals(Err.OK, write(g[1], KvOp.APPEND, "x", 7, 1)); // the retry of (7, 1)
    assertEquals("x", g[1].get(KEY), "a retried Append was applied again after its shard moved");
    assertEquals(Err.OK, write(g[1], KvOp.APPEND, "y", 7, 2));
    assertEquals("xy", g[1].get(KEY));
  }

  @Test
  void nextConfigWaitsUntilEveryShardSettled() {
    GroupStateMachine[] g = handOff();
    ShardConfig c3 = config(3, 2, 2);
    g[1].apply(GroupStateMachine.config(c3));
    assertEquals(2, g[1].config().num(), "took config 3 while still pulling");
    g[0].apply(GroupStateMachine.config(c3));
    assertEquals(2, g[0].config().num(), "took config 3 while a handed-off shard awaits deletion");
    // Install, delete at the old owner, confirm at the new one: both settle.
    g[1].apply(GroupStateMachine.install(g[0].pullReply(2, S)));
    assertEquals(ShardStatus.GCING, g[1].shard(S).status());
    g[0].apply(GroupStateMachine.step(GroupStateMachine.GC, 2, S));
    assertEquals(ShardStatus.NONE, g[0].shard(S).status());
    assertNull(g[0].get(KEY), "the deleted shard's data is still held");
    assertTrue(g[0].snapshotWanted(), "no snapshot asked for after deleting a shard");
    g[1].apply(GroupStateMachine.step(GroupStateMachine.GC_DONE, 2, S));
    assertTrue(g[0].settled() && g[1].settled());
    g[0].apply(GroupStateMachine.config(c3));
    g[1].apply(GroupStateMachine.config(c3));
    assertEquals(3, g[0].config().num());
    assertEquals(3, g[1].config().num());
  }

  @Test
  void staleStepsAreNoOps() {
    GroupStateMachine[] g = handOff();
    g[0].apply(GroupStateMachine.step(GroupStateMachine.GC, 1, S)); // wrong configuration
    assertEquals(ShardStatus.BEPULLING, g[0].shard(S).status());
    PullReply empty = new PullReply(1, S, Map.of(), Map.of());
    g[1].apply(GroupStateMachine.install(empty)); // an old configuration's pull
    assertEquals(ShardStatus.PULLING, g[1].shard(S).status());
    g[1].apply(GroupStateMachine.install(g[0].pullReply(2, S)));
    g[1].apply(GroupStateMachine.install(new PullReply(2, S, Map.of(), Map.of()))); // a repeated INSTALL must not overwrite
    assertEquals("x", g[1].get(KEY));
  }

  @Test
  void snapshotRoundTripKeepsDataStatusesAndDuplicateTables() {
    GroupStateMachine[] g = handOff();
    GroupStateMachine copy = new GroupStateMachine(1, N);
    copy.restore(g[0].snapshot());
    assertEquals(g[0].config(), copy.config());
    assertEquals(g[0].previous(), copy.previous());
    assertEquals(ShardStatus.BEPULLING, copy.shard(S).status());
    assertEquals(g[0].pullReply(2, S), copy.pullReply(2, S));
  }
}
