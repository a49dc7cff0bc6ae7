package io.gauntlet.workloads.kvsrv;

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
}
