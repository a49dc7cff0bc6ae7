package io.gauntlet.checker.linear;

import java.time.Duration;

/**
 * Limits on one check. Reaching either ends the check with {@link Verdict#UNKNOWN} and the cause,
 * never a hang or an OutOfMemoryError.
 *
 * @param timeLimit wall-clock limit for the whole check (all keys), or null for none
 * @param memoryBytes bytes the search caches of all keys may hold together
 * @param threads how many keys are checked in parallel
 */
public record Budget(Duration timeLimit, long memoryBytes, int threads) {
  /** No time limit; memory half the heap; one thread per core. */
  public static Budget defaults() {
    return new Budget(null, Runtime.getRuntime().maxMemory() / 2,
        Runtime.getRuntime().availableProcessors());
  }

  public Budget withTimeLimit(Duration d) {
    return new Budget(d, memoryBytes, threads);
  }

  public Budget withMemoryBytes(long bytes) {
    return new Budget(timeLimit, bytes, threads);
  }

  public Budget withThreads(int n) {
    return new Budget(timeLimit, memoryBytes, Math.max(1, n));
  }
}
