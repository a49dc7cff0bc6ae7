package io.gauntlet.checker.report;

/**
 * Time buckets for the quantile and rate plots: about 100 over the history, with a round width
 * (1, 2 or 5 times a power of ten, in seconds) so a reader can read the rate axis as "per bucket".
 */
final class Buckets {
  private static final int TARGET = 100;

  final long widthNanos;
  final int count;

  private Buckets(long widthNanos, int count) {
    this.widthNanos = widthNanos;
    this.count = count;
  }

  /** Buckets covering [0, endNanos]. */
  static Buckets covering(long endNanos) {
    long span = Math.max(1, endNanos);
    long width = 1_000; // 1 us at least
    long[] steps = {1, 2, 5};
    outer:
    for (long pow = 1_000; pow <= Long.MAX_VALUE / 10; pow *= 10) {
      for (long s : steps) {
        width = pow * s;
        if (span / width < TARGET) {
          break outer;
        }
      }
    }
    int count = (int) (span / width) + 1;
    return new Buckets(width, count);
  }

  int of(long timeNanos) {
    return (int) Math.min(count - 1, Math.max(0, timeNanos / widthNanos));
  }

  /** The middle of bucket {@code i}, in seconds (where its point is drawn). */
  double midSeconds(int i) {
    return (i + 0.5) * widthNanos / 1e9;
  }

  double widthSeconds() {
    return widthNanos / 1e9;
  }
}
