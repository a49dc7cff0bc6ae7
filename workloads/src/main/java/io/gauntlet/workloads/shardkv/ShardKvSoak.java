package io.gauntlet.workloads.shardkv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs many {@link ShardKvScenario}s, one per seed, on several threads. Seeds are independent and
 * deterministic, so parallelism changes only the wall-clock time.
 */
public final class ShardKvSoak {
  private ShardKvSoak() {}

  /** Progress reports: seeds done, failures so far. */
  public interface Progress {
    void update(int done, int failed);
  }

  public static List<ShardKvScenario.Outcome> run(long from, int count, int threads, Progress progress,
      Consumer<ShardKvScenario.Outcome> onFailure) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread t = new Thread(runnable, "shardkv-soak");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Future<ShardKvScenario.Outcome>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seed = from + i;
      futures.add(pool.submit(() -> {
        ShardKvScenario.Outcome o = ShardKvScenario.run(seed, null);
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
    List<ShardKvScenario.Outcome> out = new ArrayList<>();
    try {
      for (Future<ShardKvScenario.Outcome> f : futures) {
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
