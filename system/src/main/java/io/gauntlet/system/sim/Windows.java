package io.gauntlet.system.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one seed's aimed fault schedules did: how often each fired, and whether it reached the
 * narrow window it aims at (a read at a leader with no entry of its term committed, a stale request
 * delivered after its sender stepped down, ...). A schedule that fires but never reaches its
 * window tests nothing, so the soak summary prints both, per 1,000 seeds.
 */
public final class Windows {
  private final Map<String, int[]> counts = new TreeMap<>(); // {fired, reached}

  /** The schedule {@code name} fired once. */
  public void fired(String name) {
    counts.computeIfAbsent(name, k -> new int[2])[0]++;
  }

  /** The schedule {@code name} reached its window (counted once per seed in the summary). */
  public void reached(String name) {
    counts.computeIfAbsent(name, k -> new int[2])[1]++;
  }

  public int firedCount(String name) {
    int[] c = counts.get(name);
    return c == null ? 0 : c[0];
  }

  public boolean wasReached(String name) {
    int[] c = counts.get(name);
    return c != null && c[1] > 0;
  }

  /**
   * One line per schedule over many seeds: times fired, seeds where it fired, and seeds that reached
   * its window, the last two also per 1,000 seeds.
   */
  public static String summary(List<Windows> seeds) {
    Map<String, long[]> total = new TreeMap<>(); // {fired, seedsFired, seedsReached}
    for (Windows w : seeds) {
      if (w == null) {
        continue;
      }
      w.counts.forEach((name, c) -> {
        long[] t = total.computeIfAbsent(name, k -> new long[3]);
        t[0] += c[0];
        t[1] += c[0] > 0 ? 1 : 0;
        t[2] += c[1] > 0 ? 1 : 0;
      });
    }
    if (total.isEmpty()) {
      return "";
    }
    double per = 1000.0 / Math.max(1, seeds.size());
    StringBuilder b = new StringBuilder("aimed fault schedules (per 1000 seeds: seeds where it fired / seeds that reached its window):\n");
    total.forEach((name, t) -> b.append(String.format("  %-26s fired %6d times  in %6.0f  reached %6.0f%n",
        name, t[0], t[1] * per, t[2] * per)));
    return b.toString();
  }
}
