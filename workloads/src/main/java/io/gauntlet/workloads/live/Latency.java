package io.gauntlet.workloads.live;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import org.HdrHistogram.Histogram;

/**
 * Latency quantiles of the calls that completed ok (invocation to completion), from the history,
 * in milliseconds: what a user compares between two systems under the same faults.
 */
public record Latency(long calls, double p50, double p95, double p99, double max) {
  public static Latency of(History history) {
    Histogram h = new Histogram(3);
    for (Call c : history.calls()) {
      if (!c.invoke().isNemesis() && c.isOk()) {
        h.recordValue(Math.max(0, c.completion().time() - c.invoke().time()) / 1_000);
      }
    }
    return new Latency(h.getTotalCount(), ms(h, 50), ms(h, 95), ms(h, 99), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1e3);
  }

  private static double ms(Histogram h, double q) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(q) / 1e3;
  }
}
