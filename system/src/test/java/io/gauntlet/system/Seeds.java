package io.gauntlet.system;

import java.util.function.LongConsumer;

/**
 * Seeds for randomized tests: {@code -Dgauntlet.seed=S} reproduces a failure; otherwise each run
 * draws a fresh seed. A failure's message always names the seed and how to rerun it.
 *
 * <p>{@code -Dgauntlet.seeds=N} (with optional {@code -Dgauntlet.from=S}, default 1) makes every
 * {@link #run} sweep seeds S to S+N-1 instead, run all of them and fail listing every failing
 * seed: how a flaky bound or a rare bug is measured (README, "Sweeps").
 */
public final class Seeds {
  private Seeds() {}

  public static long seed() {
    String s = System.getProperty("gauntlet.seed");
    if (s == null || s.isBlank()) {
      return new java.util.Random().nextLong() & Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-Dgauntlet.seed must be an integer, got \"" + s + "\"", e);
    }
  }

  /** Runs {@code test} with a seed (or a sweep of seeds, see above), naming the seed in any failure. */
  public static void run(LongConsumer test) {
    String range = System.getProperty("gauntlet.seeds");
    if (range != null && !range.isBlank()) {
      sweepAll(test, Long.getLong("gauntlet.from", 1), Integer.parseInt(range.trim()));
      return;
    }
    long seed = seed();
    try {
      test.accept(seed);
    } catch (Throwable t) {
      throw new AssertionError("FAILED with seed " + seed + " (rerun with -Dgauntlet.seed=" + seed + "): " + t, t);
    }
  }

  private static void sweepAll(LongConsumer test, long from, int n) {
    java.util.List<String> failed = new java.util.ArrayList<>();
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

  /**
   * Runs {@code test} on {@code n} consecutive seeds from {@link #seed()}; a failure names its own
   * seed, and rerunning with that seed starts the sweep at the failing run. {@code -Dgauntlet.seeds}
   * replaces the sweep's range, as for {@link #run}.
   */
  public static void sweep(int n, LongConsumer test) {
    String range = System.getProperty("gauntlet.seeds");
    if (range != null && !range.isBlank()) {
      sweepAll(test, Long.getLong("gauntlet.from", 1), Integer.parseInt(range.trim()));
      return;
    }
    long base = seed();
    for (int i = 0; i < n; i++) {
      long seed = base + i;
      try {
        test.accept(seed);
      } catch (Throwable t) {
        throw new AssertionError("FAILED with seed " + seed + " (run " + (i + 1) + " of " + n + " from " + base
            + "; rerun with -Dgauntlet.seed=" + seed + "): " + t, t);
      }
    }
  }
}
