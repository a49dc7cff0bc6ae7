package io.gauntlet.workloads.kvraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvClerk;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.Seeds;
import io.gauntlet.workloads.sim.HistoryCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The labs' kvraft tests (2025 4B/4C, with 2024's append checks), in the simulator: clients run
 * for a second of virtual time per iteration under partitions, crashes and unreliable networks;
 * every client's appends must be present once and in order, the whole history must be
 * linearizable, and the persisted Raft state must stay under 8 x maxraftstate.
 */
class KvRaftLabTest {
  static final int NITER = 3;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // name, clients, servers, reliable, crash, partitions, maxraftstate, randomKeys
    "Basic4B, 1, 5, true, false, false, -1, false",
    "Concurrent4B, 5, 5, true, false, false, -1, false",
    "Unreliable4B, 5, 5, false, false, false, -1, false",
    "ManyPartitionsOneClient4B, 1, 5, true, false, true, -1, false",
    "ManyPartitionsManyClients4B, 5, 5, true, false, true, -1, false",
    "PersistOneClient4B, 1, 5, true, true, false, -1, false",
    "PersistConcurrent4B, 5, 5, true, true, false, -1, false",
    "PersistConcurrentUnreliable4B, 5, 5, false, true, false, -1, false",
    "PersistPartition4B, 5, 5, true, true, true, -1, false",
    "PersistPartitionUnreliable4B, 5, 5, false, true, true, -1, false",
    "PersistPartitionUnreliableLinearizable4B, 15, 7, false, true, true, -1, true",
    "SnapshotRecover4C, 1, 5, true, true, false, 1000, false",
    "SnapshotRecoverManyClients4C, 20, 5, true, true, false, 1000, false",
    "SnapshotUnreliable4C, 5, 5, false, false, false, 1000, false",
    "SnapshotUnreliableRecover4C, 5, 5, false, true, false, 1000, false",
    "SnapshotUnreliableRecoverConcurrentPartition4C, 5, 5, false, true, true, 1000, false",
    "SnapshotUnreliableRecoverConcurrentPartitionLinearizable4C, 15, 7, false, true, true, 1000, true",
  })
  void generic(String name, int nclients, int nservers, boolean reliable, boolean crash, boolean partitions,
      long maxRaftState, boolean randomKeys) {
    Seeds.run(seed -> genericTest(name, seed, nclients, nservers, reliable, crash, partitions, maxRaftState, randomKeys));
  }

  static void genericTest(String name, long seed, int nclients, int nservers, boolean reliable, boolean crash,
      boolean partitions, long maxRaftState, boolean randomKeys) {
    KvRaftCluster c = new KvRaftCluster(nservers, seed, reliable ? NetworkConfig.reliable() : NetworkConfig.unreliable(),
        maxRaftState);
    SplittableRandom r = c.sim().random().split();
    List<KvClient> clients = new ArrayList<>();
    for (int i = 0; i < nclients; i++) {
      clients.add(c.client(0));
    }
    // (client, key) -> the values that client appended to that key, in order.
    Map<String, List<String>> appended = new HashMap<>();
    for (int iter = 0; iter < NITER; iter++) {
      boolean[] done = {false};
      List<CompletableFuture<Void>> loops = new ArrayList<>();
      for (int cli = 0; cli < nclients; cli++) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        loops.add(finished);
        runClient(c, clients.get(cli), cli, iter, randomKeys, r.split(), appended, done, finished, new int[] {0});
      }
      boolean[] stopPartitioner = {false};
      if (partitions) {
        c.runFor(1000);
        partitioner(c, r.split(), stopPartitioner);
      }
      c.runFor(1000);
      done[0] = true;
      stopPartitioner[0] = true;
      if (partitions) {
        c.heal();
      }
      for (CompletableFuture<Void> f : loops) {
        c.await(f, 30_000);
      }
      if (partitions) {
        c.runFor(1000);
      }
      if (crash) {
        c.crashAll();
        c.runFor(1000);
        c.restartAll();
      }
      // Every client's appends are in its keys, once each and in order.
      KvClient checker = c.client(0);
      for (Map.Entry<String, List<String>> e : appended.entrySet()) {
        String key = e.getKey().substring(e.getKey().indexOf('/') + 1);
        KvResult got = c.await(checker.get(key), 30_000);
        checkAppends(c, key, got.value() == null ? "" : got.value(), e.getValue());
      }
      if (maxRaftState > 0) {
        long size = c.logSize();
        assertTrue(size <= 8 * maxRaftState, "logs were not trimmed (" + size + " > 8*" + maxRaftState + ") [seed " + seed + "]");
      }
      if (maxRaftState < 0) {
        assertEquals(0, c.snapshotSize(), "snapshot too large with maxraftstate -1 [seed " + seed + "]");
      }
    }
    checkLinearizable(c, name);
  }

  /** One client's loop (the labs run it as a goroutine): 50% append, else get, until done. */
  private static void runClient(KvRaftCluster c, KvClient client, int cli, int iter, boolean randomKeys,
      SplittableRandom r, Map<String, List<String>> appended, boolean[] done, CompletableFuture<Void> finished, int[] j) {
    if (done[0]) {
      finished.complete(null);
      return;
    }
    String key = randomKeys ? "k" + r.nextInt(100) : Integer.toString(cli);
    CompletableFuture<KvResult> call;
    if (r.nextBoolean()) {
      String v = "x " + cli + " " + iter + "." + j[0]++ + " y";
      appended.computeIfAbsent(cli + "/" + key, k -> new ArrayList<>()).add(v);
      call = client.append(key, v);
    } else {
      call = client.get(key);
    }
    call.thenRun(() -> runClient(c, client, cli, iter, randomKeys, r, appended, done, finished, j));
  }

  /** Repartitions the servers into two random sides every second or so until stopped. */
  private static void partitioner(KvRaftCluster c, SplittableRandom r, boolean[] stop) {
    if (stop[0]) {
      return;
    }
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      (r.nextBoolean() ? a : b).add(i);
    }
    c.partition(a, b);
    c.sim().schedule((1000 + r.nextInt(200)) * KvRaftCluster.MS, () -> partitioner(c, r, stop));
  }

  /** The labs' checkClntAppends: each value appears exactly once, in the order appended. */
  static void checkAppends(KvRaftCluster c, String key, String value, List<String> wanted) {
    int last = -1;
    for (String w : wanted) {
      int at = value.indexOf(w);
      if (at < 0) {
        c.fail("missing element " + w + " in Append result for key " + key);
      }
      if (value.indexOf(w, at + 1) >= 0) {
        c.fail("duplicate element " + w + " in Append result for key " + key);
      }
      if (at <= last) {
        c.fail("wrong order for element " + w + " in Append result for key " + key);
      }
      last = at;
    }
  }

  static void checkLinearizable(KvRaftCluster c, String name) {
    CheckResult result = HistoryCheck.linearizable(c.history().build(), "kv", Duration.ofSeconds(30));
    if (result.verdict() == Verdict.INVALID) {
      Path dir = HistoryCheck.write(Path.of("target", "failed-histories", name + "-seed-" + c.seed()), c.history().build(), result);
      c.fail("history is not linearizable (history and results in " + dir.toAbsolutePath() + ")");
    }
    assertFalse(result.verdict() == Verdict.UNKNOWN && result.cause() == null, "unknown without a cause");
  }

  /** 2025's speed test: 1000 sequential versioned Puts at >= 3 per 100 ms heartbeat interval. */
  @ParameterizedTest(name = "maxraftstate {0}")
  @CsvSource({"-1", "1000"})
  void speed(long maxRaftState) {
    Seeds.run(seed -> {
      KvRaftCluster c = new KvRaftCluster(3, seed, NetworkConfig.reliable(), maxRaftState);
      KvClerk ck = c.clerk(0);
      c.await(ck.get("x"), 10_000);
      long start = c.sim().now();
      int n = 1000;
      for (int i = 0; i < n; i++) {
        KvResult res = c.await(ck.put("k", Integer.toString(i), i), 10_000);
        assertEquals(Err.OK, res.err(), "Put " + i + " [seed " + seed + "]");
      }
      KvResult last = c.await(ck.get("k"), 10_000);
      assertEquals(n, last.version(), "version after " + n + " puts");
      double perOpMs = (c.sim().now() - start) / 1e6 / n;
      System.out.printf("speed (maxraftstate %d): %.2f ms per versioned Put in virtual time%n", maxRaftState, perOpMs);
      assertTrue(perOpMs < 100.0 / 3, "operations completed too slowly: " + perOpMs + " ms/op (virtual) [seed " + seed + "]");
    });
  }

  /** The leader and one follower in a minority: their clerks must wait until the partition heals. */
  @Test
  void onePartition() {
    Seeds.run(seed -> {
      KvRaftCluster c = new KvRaftCluster(5, seed, NetworkConfig.unreliable(), -1);
      KvClient ck = c.client(0);
      c.await(ck.put("1", "13"), 10_000);
      int leader = -1;
      for (int tries = 0; tries < 50 && leader < 0; tries++) {
        leader = c.leader();
        c.runFor(100);
      }
      assertTrue(leader >= 0, "no leader");
      List<Integer> minority = List.of(leader, (leader + 1) % 5);
      List<Integer> majority = List.of((leader + 2) % 5, (leader + 3) % 5, (leader + 4) % 5);
      c.partition(minority, majority);
      KvClient ckMaj = c.clientTo(majority, 0);
      KvClient ckMin1 = c.clientTo(minority, 0);
      KvClient ckMin2 = c.clientTo(minority, 0);
      c.await(ckMaj.put("1", "14"), 10_000);
      CompletableFuture<KvResult> p = ckMin1.put("1", "15");
      CompletableFuture<KvResult> g = ckMin2.get("1");
      c.runFor(1000);
      assertFalse(p.isDone(), "Put in minority completed [seed " + seed + "]");
      assertFalse(g.isDone(), "Get in minority completed [seed " + seed + "]");
      c.heal();
      c.connectClerks();
      c.await(p, 3000);
      c.await(g, 3000);
      assertEquals("15", c.await(ck.get("1"), 10_000).value());
      checkLinearizable(c, "OnePartition4B");
    });
  }

  /** A lagging server catches up through InstallSnapshot; the log stays under 8 x maxraftstate. */
  @Test
  void snapshotRpc() {
    Seeds.run(seed -> {
      long maxRaftState = 1000;
      KvRaftCluster c = new KvRaftCluster(3, seed, NetworkConfig.reliable(), maxRaftState);
      KvClient ck = c.client(0);
      c.await(ck.put("a", "A"), 10_000);
      c.partition(List.of(0, 1), List.of(2));
      KvClient ck1 = c.clientTo(List.of(0, 1), 0);
      for (int i = 0; i < 50; i++) {
        c.await(ck1.put(Integer.toString(i), Integer.toString(i)), 10_000);
      }
      c.runFor(1000);
      c.await(ck1.put("b", "B"), 10_000);
      assertTrue(c.logSize() <= 8 * maxRaftState, "logs were not trimmed: " + c.logSize());
      // Now server 1 is cut off and 2 (which missed 50 puts) must catch up from a snapshot.
      c.partition(List.of(0, 2), List.of(1));
      KvClient ck2 = c.clientTo(List.of(0, 2), 0);
      c.await(ck2.put("c", "C"), 10_000);
      c.await(ck2.put("d", "D"), 10_000);
      assertEquals("A", c.await(ck2.get("a"), 10_000).value());
      assertEquals("B", c.await(ck2.get("b"), 10_000).value());
      assertEquals("1", c.await(ck2.get("1"), 10_000).value());
      assertEquals("49", c.await(ck2.get("49"), 10_000).value());
      c.heal();
      c.await(ck.put("e", "E"), 10_000);
      assertEquals("C", c.await(ck.get("c"), 10_000).value());
      assertEquals("E", c.await(ck.get("e"), 10_000).value());
      assertEquals("1", c.await(ck.get("1"), 10_000).value());
      assertTrue(c.logSize() <= 8 * maxRaftState, "logs were not trimmed: " + c.logSize());
      checkLinearizable(c, "SnapshotRPC4C");
    });
  }

  /** Snapshots stay small when the state is small. */
  @Test
  void snapshotSize() {
    Seeds.run(seed -> {
      long maxRaftState = 1000;
      KvRaftCluster c = new KvRaftCluster(3, seed, NetworkConfig.reliable(), maxRaftState);
      KvClient ck = c.client(0);
      for (int i = 0; i < 200; i++) {
        c.await(ck.put("x", "0"), 10_000);
        assertEquals("0", c.await(ck.get("x"), 10_000).value());
        c.await(ck.put("x", "1"), 10_000);
        assertEquals("1", c.await(ck.get("x"), 10_000).value());
      }
      assertTrue(c.logSize() <= 8 * maxRaftState, "logs were not trimmed: " + c.logSize());
      assertTrue(c.snapshotSize() <= 500, "snapshot too large: " + c.snapshotSize() + " bytes");
      checkLinearizable(c, "SnapshotSize4C");
    });
  }
}
