package io.gauntlet.system.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Runs one seeded scenario per seed on several threads. Each seed is independent and
 * deterministic, so running them in parallel changes nothing but the wall-clock time.
 */
public final class Soak {
  private Soak() {}

  /** What a scenario reports: whether it passed. */
  public interface Outcome {
    boolean passed();
  }

  /** Progress reports: seeds done, failures so far. */
  public interface Progress {
    void update(int done, int failed);
  }

  public static <O extends Outcome> List<O> run(long from, int count, int threads, LongFunction<O> scenario,
      Progress progress, Consumer<O> onFailure) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread t = new Thread(runnable, "soak");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Future<O>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seed = from + i;
      futures.add(pool.submit(() -> {
        O o = scenario.apply(seed);
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
    List<O> out = new ArrayList<>();
    try {
      for (Future<O> f : futures) {
        out.add(f.get());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("soak worker crashed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return out;
  }
}
