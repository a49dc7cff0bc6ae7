package io.gauntlet.workloads.kvraft;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.kvraft.KvServer;
import io.gauntlet.system.node.StateDigest;
import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.sim.RaftLiveness;
import io.gauntlet.system.raft.sim.RaftScenario;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.NoProgress;
import io.gauntlet.system.sim.Soak;
import io.gauntlet.system.sim.Windows;
import io.gauntlet.workloads.live.ReplicaStates;
import io.gauntlet.workloads.sim.HistoryCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One seeded kvraft scenario for the soak: a cluster of 3, 5 or 7 servers with a random Raft
 * configuration and maxraftstate, several clerks doing get/put/append on a few keys (each call
 * recorded in the history; a call that times out is recorded as info), and a random sequence of
 * faults: server partitions, an isolated leader, crashes that lose unsynced writes, crash storms,
 * unreliable, reordering and duplicating networks. At the end the faults heal, every key must be
 * readable (liveness), and the whole history must be linearizable.
 */
public final class KvRaftScenario {
  /** How a run ended; {@code failure} is null when it passed. */
  public record Outcome(long seed, String failure, String detail, int ops, long virtualMillis, Path historyDir,
      Windows windows) implements Soak.Outcome {
    public boolean passed() {
      return failure == null;
    }
  }

  private static final int STEPS = 15;
  /** A seed's budget: far beyond what a passing seed needs; past it the seed fails as "no progress". */
  static final long MAX_EVENTS = 5_000_000;
  static final long MAX_VIRTUAL_NANOS = 600_000 * KvRaftCluster.MS;
  static final long MAX_EVENTS_PER_INSTANT = 50_000;

  private KvRaftScenario() {}

  /**
   * Runs seed {@code seed}; a failing run's history and results go under {@code failDir}/seed-S
   * (if not null). {@code trace} receives the simulator's event trace (or null).
   */
  public static Outcome run(long seed, Path failDir, Consumer<String> trace) {
    return run(seed, failDir, false, trace);
  }

  /** As {@link #run(long, Path, Consumer)}; with {@code keepPassing} a passing run is written too. */
  public static Outcome run(long seed, Path failDir, boolean keepPassing, Consumer<String> trace) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x6B7672616674L);
    int n = new int[] {3, 3, 5, 5, 7}[r.nextInt(5)];
    long maxRaftState = new long[] {-1, 400, 1000, 3000}[r.nextInt(4)];
    RaftConfig cfg = RaftScenario.randomConfig(r);
    KvRaftCluster c = new KvRaftCluster(n, seed, NetworkConfig.reliable(), maxRaftState, cfg);
    c.sim().budget(MAX_EVENTS, MAX_VIRTUAL_NANOS, MAX_EVENTS_PER_INSTANT);
    if (trace != null) {
      c.sim().traceTo(trace);
    }
    Windows windows = new Windows();
    KvRaftSchedules schedules = new KvRaftSchedules(c, r.split(), windows, maxRaftState > 0);
    c.windows = windows;
    int keys = 1 + r.nextInt(4);
    int nclients = 3 + r.nextInt(6);
    boolean[] stop = {false};
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int i = 0; i < nclients; i++) {
      KvClient client = c.client(1000 + r.nextInt(3000));
      CompletableFuture<Void> finished = new CompletableFuture<>();
      loops.add(finished);
      loop(c, client, i, keys, r.split(), stop, finished, new int[] {0}, schedules);
    }
    try {
      for (int step = 0; step < STEPS; step++) {
        if (r.nextInt(5) == 0) {
          schedules.fire();
        } else {
          fault(c, r);
        }
        c.runFor(100 + r.nextInt(600));
      }
      stop[0] = true;
      schedules.stop();
      c.setNetwork(NetworkConfig.reliable());
      c.heal();
      c.restartAll();
      for (CompletableFuture<Void> f : loops) {
        c.await(f, 20_000);
      }
      KvClient reader = c.client(0);
      for (int k = 0; k < keys; k++) {
        c.await(reader.get("k" + k), 10_000);
      }
      String lost = c.acks.unapplied();
      if (lost != null) {
        return fail(c, failDir, "acknowledged write not applied", lost, null);
      }
      // Every clerk finished; now the servers must settle: one leader, one term, one commit index.
      String unstable = RaftLiveness.stable(c.sim(), List.of(new RaftLiveness.Group("kvraft", c.servers(),
          i -> c.server(i) == null ? null : c.server(i).rsm().raft())), cfg, 3);
      if (unstable != null) {
        return fail(c, failDir, "liveness", unstable, null);
      }
      // Settled replicas that applied the same log must hold the same state, whether or not a
      // clerk read the difference (a duplicate table lost in a snapshot shows here first).
      ReplicaStates.Result states = ReplicaStates.compare(digests(c), c.size());
      if (!states.agree()) {
        return fail(c, failDir, "replica states", states.divergence(), null);
      }
    } catch (NoProgress e) {
      return fail(c, failDir, NoProgress.NAME, e.report(), null);
    } catch (AssertionError e) {
      return fail(c, failDir, "liveness", e.getMessage(), null);
    } catch (RuntimeException e) {
      return fail(c, failDir, "exception", e.toString(), null);
    }
    History h = c.history().build();
    CheckResult result = HistoryCheck.linearizable(h, "kv", Duration.ofSeconds(30));
    if (result.verdict() == Verdict.INVALID) {
      return fail(c, failDir, "not linearizable", describe(result), result);
    }
    if (result.verdict() == Verdict.UNKNOWN) {
      return fail(c, failDir, "unknown", "the checker could not decide: " + result.cause(), result);
    }
    Path kept = keepPassing && failDir != null ? HistoryCheck.write(failDir.resolve("seed-" + seed), h, result) : null;
    return new Outcome(seed, null, null, (int) result.ops(), c.sim().now() / KvRaftCluster.MS, kept, windows);
  }

  private static Map<String, StateDigest> digests(KvRaftCluster c) {
    Map<String, StateDigest> out = new LinkedHashMap<>();
    for (int i = 0; i < c.size(); i++) {
      KvServer s = c.server(i);
      if (s != null) {
        out.put(c.servers().get(i), new StateDigest(c.servers().get(i), s.rsm().lastApplied(), s.rsm().digest()));
      }
    }
    return out;
  }

  private static String describe(CheckResult result) {
    return HistoryCheck.summary(result);
  }

  private static Outcome fail(KvRaftCluster c, Path failDir, String failure, String detail, CheckResult result) {
    Path dir = null;
    if (failDir != null) {
      History h = c.history().build();
      CheckResult r = result != null ? result : HistoryCheck.linearizable(h, "kv", Duration.ofSeconds(30));
      dir = HistoryCheck.write(failDir.resolve("seed-" + c.seed()), h, r);
    }
    return new Outcome(c.seed(), failure, detail, c.history().build().size(), c.sim().now() / KvRaftCluster.MS, dir,
        c.windows);
  }

  /**
   * A client: random get/put/append (40 / 20 / 40) on a few keys with short pauses, until stopped.
   * A put overwrites the evidence (a lost or doubled append shows in the reads only until the next
   * put of its key), so puts are fewer than appends; but they must not be rare: a put resets the
   * state, and without resets a key's appends from many clerks make the check exponential (at
   * 10% puts, 1 seed in 3,000 exhausted the checker's memory).
   */
  private static void loop(KvRaftCluster c, KvClient client, int me, int keys, SplittableRandom r, boolean[] stop,
      CompletableFuture<Void> finished, int[] n, KvRaftSchedules schedules) {
    if (stop[0]) {
      finished.complete(null);
      return;
    }
    if (c.sim().now() < schedules.pausedUntil) { // a quiet period: no calls until it ends
      c.sim().schedule(schedules.pausedUntil - c.sim().now(), () -> loop(c, client, me, keys, r, stop, finished, n, schedules));
      return;
    }
    String key = "k" + r.nextInt(keys);
    int pick = r.nextInt(10);
    CompletableFuture<KvResult> call = pick < 4 ? client.get(key)
        : pick < 6 ? client.put(key, "p" + me + "." + n[0]++) : client.append(key, "a" + me + "." + n[0]++ + ";");
    call.thenRun(() -> c.sim().schedule(r.nextInt(30) * KvRaftCluster.MS,
        () -> loop(c, client, me, keys, r, stop, finished, n, schedules)));
  }

  private static void fault(KvRaftCluster c, SplittableRandom r) {
    int n = c.size();
    switch (r.nextInt(10)) {
      case 0, 1 -> {
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          (r.nextBoolean() ? a : b).add(i);
        }
        c.partition(a, b);
      }
      case 2 -> { // isolate the leader: it may still think it leads
        int leader = c.leader();
        if (leader >= 0) {
          List<Integer> rest = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            if (i != leader) {
              rest.add(i);
            }
          }
          c.partition(List.of(leader), rest);
        }
      }
      case 3 -> {
        int victim = r.nextBoolean() && c.leader() >= 0 ? c.leader() : r.nextInt(n);
        if (c.server(victim) != null) {
          c.crash(victim);
        }
      }
      case 4 -> {
        for (int i = 0; i < n; i++) {
          if (c.server(i) == null) {
            c.restart(i);
          }
        }
      }
      case 5 -> { // crash and restart at once: lose what was not synced
        int victim = r.nextInt(n);
        if (c.server(victim) != null) {
          c.crash(victim);
        }
        c.restart(victim);
      }
      case 6, 7 -> {
        NetworkConfig net = r.nextBoolean() ? NetworkConfig.unreliable() : NetworkConfig.reliable();
        net.longReordering = r.nextInt(3) == 0;
        net.duplicateRate = r.nextInt(3) == 0 ? 0.1 : 0;
        c.setNetwork(net);
      }
      default -> c.heal();
    }
  }
}
