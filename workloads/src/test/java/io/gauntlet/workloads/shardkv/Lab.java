package io.gauntlet.workloads.shardkv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.workloads.sim.HistoryCheck;
import io.gauntlet.workloads.sim.SimHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The labs' test helpers over a {@link ShardKvCluster}: blocking (in virtual time) Get/Put/Append
 * through a recorded clerk, value checks, appending client loops, and a linearizability check of
 * everything recorded.
 */
final class Lab {
  static final long MS = ShardKvCluster.MS;
  static final long S = ShardKvCluster.SECOND;
  /** How long one blocking client call may take before the test fails. */
  static final long CALL_LIMIT = 30 * S;

  final ShardKvCluster c;
  final SimHistory history;
  final RecordedClerk ck;
  final SplittableRandom random;

  Lab(long seed, ShardKvCluster.Options o) {
    this.c = new ShardKvCluster(seed, o);
    this.history = new SimHistory(c.sim(), "shardkv-test");
    this.ck = c.newRecordedClerk(history);
    this.random = new SplittableRandom(seed ^ 0x5eed);
  }

  static ShardKvCluster.Options options(long maxRaftState, boolean unreliable) {
    ShardKvCluster.Options o = new ShardKvCluster.Options();
    o.maxRaftState = maxRaftState;
    if (unreliable) {
      o.network = io.gauntlet.system.sim.NetworkConfig.unreliable();
    }
    return o;
  }

  String randString(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }

  String get(String key) {
    KvResult r = c.await(ck.get(key), CALL_LIMIT, "Get(" + key + ")");
    return r.err() == Err.ERR_NO_KEY ? "" : r.value();
  }

  void put(String key, String value) {
    c.await(ck.put(key, value), CALL_LIMIT, "Put(" + key + ")");
  }

  void append(String key, String value) {
    c.await(ck.append(key, value), CALL_LIMIT, "Append(" + key + ")");
  }

  void check(String key, String want) {
    assertEquals(want, get(key), "Get(" + key + ") at " + c.sim().now() / MS + " ms");
  }

  /** Puts a fresh 20-byte value in every key; returns the values. */
  List<String> putAll(List<String> keys, int size) {
    List<String> vals = new ArrayList<>();
    for (String k : keys) {
      String v = randString(size);
      put(k, v);
      vals.add(v);
    }
    return vals;
  }

  void checkAll(List<String> keys, List<String> vals) {
    for (int i = 0; i < keys.size(); i++) {
      check(keys.get(i), vals.get(i));
    }
  }

  /** Appends a fresh value to every key, remembering it in {@code vals}. */
  void appendAll(List<String> keys, List<String> vals) {
    for (int i = 0; i < keys.size(); i++) {
      String x = randString(5);
      append(keys.get(i), x);
      vals.set(i, vals.get(i) + x);
    }
  }

  void checkLinearizable() {
    CheckResult r = HistoryCheck.linearizable(history.build(), "kv", Duration.ofSeconds(60));
    assertEquals(Verdict.VALID, r.verdict(), "history not linearizable: " + r.toJson());
  }

  /** A concurrent client appending to its own key until stopped; knows the value it must find. */
  final class Appender {
    final RecordedClerk clerk = c.newRecordedClerk(history);
    final String key;
    final long pauseNanos;
    final StringBuilder expected = new StringBuilder();
    boolean stop;
    boolean idle;
    int n;

    Appender(String key, long pauseNanos) {
      this.key = key;
      this.pauseNanos = pauseNanos;
      c.sim().schedule(0, this::next);
    }

    private void next() {
      if (stop) {
        idle = true;
        return;
      }
      String v = n++ + ","; // unique within the key (one appender per key), and short: values grow
      CompletableFuture<KvResult> f = clerk.append(key, v);
      f.thenAccept(r -> {
        expected.append(v);
        c.sim().schedule(pauseNanos, this::next);
      });
    }
  }

  /** Stops the appenders, waits for their last calls, and checks each key holds exactly its appends. */
  void stopAndCheck(List<Appender> appenders) {
    appenders.forEach(a -> a.stop = true);
    if (!c.runUntil(() -> appenders.stream().allMatch(a -> a.idle), 60 * S)) {
      throw new AssertionError("appenders still waiting on a call 60 s after being stopped");
    }
    for (Appender a : appenders) {
      check(a.key, a.expected.toString());
    }
    checkLinearizable();
  }

  /**
   * The labs' checkShutdownSharding idea: one Get per key, each from its own clerk; run until none
   * completes for 2 s. Returns how many completed (each checked against {@code vals}).
   */
  int getsThatComplete(List<String> keys, List<String> vals) {
    List<CompletableFuture<KvResult>> fs = new ArrayList<>();
    for (String k : keys) {
      fs.add(c.newRecordedClerk(history).get(k));
    }
    long done = -1;
    while (true) {
      long now = fs.stream().filter(CompletableFuture::isDone).count();
      if (now == done || now == fs.size()) {
        break;
      }
      done = now;
      c.runFor(2 * S);
    }
    int ok = 0;
    for (int i = 0; i < keys.size(); i++) {
      if (fs.get(i).isDone()) {
        KvResult r = fs.get(i).join();
        assertEquals(vals.get(i), r.err() == Err.ERR_NO_KEY ? "" : r.value(), "Get(" + keys.get(i) + ") while a group was down");
        ok++;
      }
    }
    return ok;
  }
}
