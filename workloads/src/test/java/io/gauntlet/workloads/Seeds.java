package io.gauntlet.workloads;

import java.util.function.LongConsumer;

/**
 * Seeds for randomized tests: {@code -Dgauntlet.seed=S} reproduces a failure; otherwise each run
 * draws a fresh seed. A failure's message always names the seed and how to rerun it.
 */
public final class Seeds {
  private Seeds() {}

  public static long seed() {
    String s = System.getProperty("gauntlet.seed");
    return s != null && !s.isBlank() ? Long.parseLong(s.trim()) : new java.util.Random().nextLong() & Long.MAX_VALUE;
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
}
