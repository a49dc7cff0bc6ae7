package io.gauntlet.system.raft.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs many {@link RaftScenario}s, one per seed, on all cores. Each seed is independent and
 * deterministic, so running them in parallel changes nothing but the wall-clock time.
 */
public final class RaftSoak {
  private RaftSoak() {}

  /** Progress reports: seeds done, failures so far. */
  public interface Progress {
    void update(int done, int failed);
  }

  public static List<RaftScenario.Outcome> run(long from, int count, int nodes, int threads,
      Progress progress, Consumer<RaftScenario.Outcome> onFailure) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread t = new Thread(runnable, "raft-soak");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Future<RaftScenario.Outcome>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seed = from + i;
      futures.add(pool.submit(() -> {
        RaftScenario.Outcome o = RaftScenario.run(seed, nodes, null);
        if (!o.passed()) {
          failed.incrementAndGet();
          synchronized (onFailure) {
            onFailure.accept(o);
          }
        }
        progress.update(done.incrementAndGet(), failed.get());
        return o;
      }));
    }
    List<RaftScenario.Outcome> out = new ArrayList<>();
    try {
      for (Future<RaftScenario.Outcome> f : futures) {
        out.add(f.get());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("soak worker crashed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return out;
  }
}
