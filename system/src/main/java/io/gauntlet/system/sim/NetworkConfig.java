package io.gauntlet.system.sim;

/**
 * The simulated network's fault model. The defaults are the labs' reliable network; {@link
 * #unreliable()} is the labs' unreliable one (MIT-TESTS section 7: request delay 0-27 ms, 10% of
 * requests and 10% of replies lost; we drop 10% of every message, which is the same for one-way
 * messages), and {@code longReordering} delays 2 of 3 replies by 200-2200 ms (skewed low, as
 * the labs do).
 */
public final class NetworkConfig {
  /** Probability that a message is lost. */
  public double dropRate;
  /** Uniform extra delay for every message, in nanoseconds: [minDelay, maxDelay]. */
  public long minDelayNanos;
  public long maxDelayNanos;
  /** With probability 2/3 a reply is delayed 200 + rand(1 + rand(2000)) ms (the labs' long reordering). */
  public boolean longReordering;
  /** Probability that a delivered message is delivered twice. */
  public double duplicateRate;

  public static NetworkConfig reliable() {
    NetworkConfig c = new NetworkConfig();
    c.minDelayNanos = 0;
    c.maxDelayNanos = 1_000_000; // up to 1 ms: goroutine scheduling in the labs' "reliable" network
    return c;
  }

  public static NetworkConfig unreliable() {
    NetworkConfig c = new NetworkConfig();
    c.dropRate = 0.10;
    c.minDelayNanos = 0;
    c.maxDelayNanos = 27_000_000;
    return c;
  }

  public NetworkConfig copy() {
    NetworkConfig c = new NetworkConfig();
    c.dropRate = dropRate;
    c.minDelayNanos = minDelayNanos;
    c.maxDelayNanos = maxDelayNanos;
    c.longReordering = longReordering;
    c.duplicateRate = duplicateRate;
    return c;
  }

  @Override
  public String toString() {
    return String.format(
        "drop=%.2f delay=%d-%dms longReordering=%s dup=%.2f",
        dropRate, minDelayNanos / 1_000_000, maxDelayNanos / 1_000_000, longReordering, duplicateRate);
  }
}
