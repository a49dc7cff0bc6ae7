package io.gauntlet.workloads.shardkv;

import java.util.function.LongConsumer;

/**
 * Seeds for the simulated tests: {@code -Dgauntlet.seed=S} reproduces a failure; otherwise each run
 * draws a fresh seed. A failure's message names the seed and how to rerun it.
 */
final class Seeds {
  private Seeds() {}

  static long seed() {
    String s = System.getProperty("gauntlet.seed");
    return s != null && !s.isBlank() ? Long.parseLong(s.trim()) : new java.util.Random().nextLong() & Long.MAX_VALUE;
  }

  static void run(LongConsumer test) {
    long seed = seed();
    try {
      test.accept(seed);
    } catch (Throwable t) {
      throw new AssertionError("FAILED with seed " + seed + " (rerun with -Dgauntlet.seed=" + seed + "): " + t, t);
    }
  }
}
