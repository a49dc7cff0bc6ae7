package io.gauntlet.control.cluster;

import com.fasterxml.jackson.databind.node.NullNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.system.client.GauntletKv;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.workloads.sim.HistoryCheck;
import io.gauntlet.workloads.sim.SimHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client load for process tests: threads, each a {@link GauntletKv} client, doing get / put /
 * append on a few keys and recording every call (model kv, wall time). Appends carry unique values,
 * so "every acknowledged append is in the final value" can be checked. A call that gives up is
 * recorded as info and the thread continues as a new process, as Jepsen's clients do.
 */
final class KvLoad implements AutoCloseable {
  final SimHistory history;
  final long seed;
  private final long t0 = System.nanoTime();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<String> keys;
  final Map<String, List<String>> ackedAppends = new ConcurrentHashMap<>();
  final AtomicLong ok = new AtomicLong();
  final AtomicLong info = new AtomicLong();
  private final List<Throwable> errors = new ArrayList<>();

  KvLoad(ClusterFile.Loaded cluster, int clients, List<String> keys, long seed, boolean puts) {
    this.seed = seed;
    this.keys = keys;
    this.history = new SimHistory(() -> System.nanoTime() - t0, "process-test seed " + seed);
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t = new Thread(() -> run(cluster, client, puts), "kv-load-" + c);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void run(ClusterFile.Loaded cluster, int client, boolean puts) {
    SplittableRandom r = new SplittableRandom(seed * 31 + client);
    GauntletKv.Options options = new GauntletKv.Options(Duration.ofMillis(200), Duration.ofSeconds(4));
    try (GauntletKv kv = GauntletKv.connect(cluster, options)) {
      int process = history.newProcess();
      int n = 0;
      while (!stop.get()) {
        String key = keys.get(r.nextInt(keys.size()));
        int dice = r.nextInt(10);
        KvResult res;
        if (dice < 4) {
          history.invoke(process, "get", key, NullNode.getInstance(), null);
          res = kv.getAsync(key).get();
          if (res.err() != Err.ERR_MAYBE) {
            history.ok(process, SimHistory.JSON.textNode(res.err() == Err.ERR_NO_KEY ? "" : res.value()));
          }
        } else {
          String value = "c" + client + "." + (n++) + ";";
          boolean put = puts && dice == 4;
          history.invoke(process, put ? "put" : "append", key, SimHistory.JSON.textNode(value), null);
          res = (put ? kv.putAsync(key, value) : kv.appendAsync(key, value)).get();
          if (res.err() != Err.ERR_MAYBE) {
            history.ok(process, SimHistory.JSON.textNode(value));
            if (!put) {
              ackedAppends.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(value);
            }
          }
        }
        if (res.err() == Err.ERR_MAYBE) {
          history.info(process, "timeout");
          process = history.newProcess();
          info.incrementAndGet();
        } else {
          ok.incrementAndGet();
        }
      }
    } catch (Throwable t) {
      synchronized (errors) {
        errors.add(t);
      }
    }
  }

  /** Stops the clients and waits for their last calls (each at most its give-up time). */
  void stopAndJoin() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(15_000);
    }
    synchronized (errors) {
      if (!errors.isEmpty()) {
        throw new AssertionError("a client thread failed (seed " + seed + "): " + errors.get(0), errors.get(0));
      }
    }
  }

  /**
   * Checks the history; on a non-valid verdict writes it (history, results, linear.html, plots) to
   * {@code failDir} and fails naming the seed, the summary and where the files are.
   */
  CheckResult checkLinearizable(Path failDir) {
    History h = history.build();
    CheckResult result = HistoryCheck.linearizable(h, "kv", Duration.ofSeconds(60));
    if (result.verdict() != Verdict.VALID) {
      HistoryCheck.write(failDir, h, result);
      throw new AssertionError("history not linearizable (seed " + seed + "): " + HistoryCheck.summary(result)
          + "; written to " + failDir);
    }
    return result;
  }

  @Override
  public void close() throws InterruptedException {
    stopAndJoin();
  }
}
