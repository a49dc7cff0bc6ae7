package io.gauntlet.workloads.kvsrv;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.system.kvsrv.KvLock;
import io.gauntlet.system.kvsrv.VersionedKvClerk;
import io.gauntlet.system.kvsrv.VersionedKvServer;
import io.gauntlet.system.runtime.Runtime;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import io.gauntlet.workloads.sim.HistoryCheck;
import io.gauntlet.workloads.sim.SimHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The labs' lab 2 test setup (MakeTestKV) in the simulator: one {@link VersionedKvServer} named
 * {@code server-0-0} on a reliable or unreliable network, clerks on nodes of their own, and two
 * recorded histories (the KV calls, checked with the {@code versioned-kv} model, and the lock calls,
 * checked with {@code mutex}). Everything runs on the caller's thread in virtual time.
 */
public final class KvsrvTestbed {
  public static final String SERVER = "server-0-0";
  /** How long {@link #await} lets a single call take, in virtual time, before failing the test. */
  public static final long CALL_LIMIT_NANOS = 60_000_000_000L;

  private final String testName;
  private final Simulation sim;
  private final SimWorld world;
  private final SimHistory kvHistory;
  private final SimHistory lockHistory;
  private int clerks;

  public KvsrvTestbed(String testName, long seed, boolean reliable) {
    this.testName = testName;
    this.sim = new Simulation(seed);
    this.world = new SimWorld(sim, reliable ? NetworkConfig.reliable() : NetworkConfig.unreliable());
    this.kvHistory = new SimHistory(sim, testName);
    this.lockHistory = new SimHistory(sim, testName + "-lock");
    world.add(SERVER, VersionedKvServer::new);
  }

  public Simulation sim() {
    return sim;
  }

  public SimWorld world() {
    return world;
  }

  public VersionedKvServer server() {
    return (VersionedKvServer) world.node(SERVER);
  }

  /** A new clerk on a node of its own ({@code clerk-N}), as each of the labs' clerks has its own end. */
  public VersionedKvClerk makeClerk() {
    String id = "clerk-" + clerks++;
    world.add(id, rt -> new VersionedKvClerk(rt, SERVER));
    return (VersionedKvClerk) world.node(id);
  }

  /** A new clerk whose calls are recorded in the versioned-kv history. */
  public RecordedClerk makeRecordedClerk() {
    return new RecordedClerk(makeClerk(), kvHistory, SERVER);
  }

  /** A lock named {@code key} over {@code ck}, whose acquires and releases are recorded. */
  public RecordedLock makeRecordedLock(RecordedClerk ck, String key) {
    return new RecordedLock(new KvLock(ck.clerk(), key), lockHistory);
  }

  /** Completes after {@code nanos} of virtual time, on {@code ck}'s node (the labs' time.Sleep). */
  public static CompletableFuture<Void> sleep(VersionedKvClerk ck, long nanos) {
    Runtime rt = ck.runtime();
    CompletableFuture<Void> f = new CompletableFuture<>();
    rt.schedule(nanos, () -> f.complete(null));
    return f;
  }

  /**
   * Runs the simulation until {@code f} completes and returns its value; an assertion that failed
   * inside a callback is rethrown as it was. Fails if {@code f} takes more than {@link
   * #CALL_LIMIT_NANOS} of virtual time.
   */
  public <T> T await(CompletableFuture<T> f, String what) {
    return await(f, CALL_LIMIT_NANOS, what);
  }

  public <T> T await(CompletableFuture<T> f, long limitNanos, String what) {
    if (!sim.runUntil(f::isDone, limitNanos)) {
      throw new AssertionError(what + " did not complete within " + limitNanos / 1_000_000
          + " ms of virtual time (now " + sim.now() / 1_000_000 + " ms)");
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  public History kvHistory() {
    return kvHistory.build();
  }

  public History lockHistory() {
    return lockHistory.build();
  }

  /** Checks the KV history with the versioned-kv model (the labs' CheckPorcupineT). */
  public CheckResult checkKv(Duration limit) {
    return check(kvHistory(), "versioned-kv", limit, "kv");
  }

  /** Checks the lock history with the mutex model: no two clients held the lock at once. */
  public CheckResult checkLock(Duration limit) {
    return check(lockHistory(), "mutex", limit, "lock");
  }

  /**
   * Checks {@code history} against {@code model}. An invalid history fails the test, and is written
   * with its results.json under {@code target/histories/} (the path is in the message). An unknown
   * verdict (the time limit ran out) passes, as Porcupine's timeout does in the labs.
   */
  public CheckResult check(History history, String model, Duration limit, String label) {
    CheckResult r = HistoryCheck.linearizable(history, model, limit);
    if (r.verdict() == Verdict.INVALID) {
      Path dir = HistoryCheck.write(
          Path.of("target", "histories", testName + "-" + label + "-seed" + sim.seed()), history, r);
      throw new AssertionError("history is not linearizable (" + model + " model); history and results in "
          + dir.toAbsolutePath() + (r.violation() == null ? "" : "; no order explains "
          + r.violation().toJson().get("culprit")));
    }
    if (r.verdict() == Verdict.UNKNOWN) {
      System.out.println(testName + ": " + model + " check gave up (" + r.cause() + ") after "
          + r.millis() + " ms; the labs count that as a pass");
    }
    return r;
  }
}
