package io.gauntlet.workloads.shardkv;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Seeds for the simulated tests: {@code -Dgauntlet.seed=S} reproduces a failure; otherwise each run
 * draws a fresh seed. A failure's message names the seed and how to rerun it.
 *
 * <p>{@code -Dgauntlet.seeds=N} (with optional {@code -Dgauntlet.from=S}, default 1) sweeps seeds S
 * to S+N-1 instead, runs all of them and fails listing every failing seed: how a flaky bound or a
 * rare bug is measured (README, "Sweeps").
 */
final class Seeds {
  private Seeds() {}

  static long seed() {
    String s = System.getProperty("gauntlet.seed");
    return s != null && !s.isBlank() ? Long.parseLong(s.trim()) : new java.util.Random().nextLong() & Long.MAX_VALUE;
  }

  static void run(LongConsumer test) {
    String sweep = System.getProperty("gauntlet.seeds");
    if (sweep != null && !sweep.isBlank()) {
      sweep(test, Long.getLong("gauntlet.from", 1), Integer.parseInt(sweep.trim()));
      return;
    }
    long seed = seed();
    try {
      test.accept(seed);
    } catch (Throwable t) {
      throw new AssertionError("FAILED with seed " + seed + " (rerun with -Dgauntlet.seed=" + seed + "): " + t, t);
    }
  }

  private static void sweep(LongConsumer test, long from, int n) {
    List<String> failed = new ArrayList<>();
    for (long seed = from; seed < from + n; seed++) {
      try {
        test.accept(seed);
      } catch (Throwable t) {
        failed.add(seed + ": " + t.getMessage());
      }
    }
    System.out.println("sweep of seeds " + from + ".." + (from + n - 1) + ": " + failed.size() + " of " + n + " failed");
    if (!failed.isEmpty()) {
      throw new AssertionError(failed.size() + " of " + n + " seeds failed (rerun one with -Dgauntlet.seed=S):\n"
          + String.join("\n", failed));
    }
  }
}
