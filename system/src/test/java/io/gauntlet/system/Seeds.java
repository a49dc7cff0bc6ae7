package io.gauntlet.system;

import java.util.function.LongConsumer;

/**
 * Seeds for randomized tests: {@code -Dgauntlet.seed=S} reproduces a failure; otherwise each run
 * draws a fresh seed. A failure's message always names the seed and how to rerun it.
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

  /** Runs {@code test} with a seed, naming the seed in any failure. */
  public static void run(LongConsumer test) {
    long seed = seed();
    try {
      test.accept(seed);
    } catch (Throwable t) {
      throw new AssertionError("FAILED with seed " + seed + " (rerun with -Dgauntlet.seed=" + seed + "): " + t, t);
    }
  }

  /**
   * Runs {@code test} on {@code n} consecutive seeds from {@link #seed()}; a failure names its own
   * seed, and rerunning with that seed starts the sweep at the failing run.
   */
  public static void sweep(int n, LongConsumer test) {
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
