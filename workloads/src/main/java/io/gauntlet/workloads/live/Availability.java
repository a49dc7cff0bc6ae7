package io.gauntlet.workloads.live;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.report.NemesisIntervals;
import java.util.ArrayList;
import java.util.List;

/**
 * How available the system stayed under each fault: the share of client calls invoked while the
 * fault was active that completed ok, the ok completions per second while it was active (a call
 * blocked by the fault is one call however long it waits, so the rate shows an outage the share
 * hides), and how long after the heal the first ok completion came.
 */
public final class Availability {
  private Availability() {}

  /**
   * @param okFraction ok calls / calls invoked in the interval (NaN if none)
   * @param okCompleted calls that completed ok while the fault was active
   * @param recoveryMillis from the heal to the first ok completion after it (-1 if none)
   */
  public record Window(String fault, String detail, long startMillis, long endMillis, int calls, int ok,
      double okFraction, int okCompleted, long recoveryMillis) {
    public double okPerSecond() {
      return endMillis > startMillis ? okCompleted * 1000.0 / (endMillis - startMillis) : Double.NaN;
    }
  }

  /** Ok completions per second over all the windows together (NaN without faults). */
  public static double okPerSecond(List<Window> windows) {
    long millis = windows.stream().mapToLong(w -> w.endMillis() - w.startMillis()).sum();
    return millis == 0 ? Double.NaN : windows.stream().mapToInt(Window::okCompleted).sum() * 1000.0 / millis;
  }

  public static List<Window> of(History history) {
    List<Call> calls = history.calls().stream().filter(c -> !c.invoke().isNemesis()).toList();
    List<Window> out = new ArrayList<>();
    for (NemesisIntervals.Interval i : NemesisIntervals.of(history)) {
      int n = 0;
      int ok = 0;
      int completed = 0;
      long firstOkAfter = Long.MAX_VALUE;
      for (Call c : calls) {
        long t = c.invoke().time();
        if (t >= i.start() && t <= i.end()) {
          n++;
          if (c.isOk()) {
            ok++;
          }
        }
        if (c.isOk() && c.completion().time() >= i.start() && c.completion().time() <= i.end()) {
          completed++;
        }
        if (c.isOk() && c.completion().time() >= i.end()) {
          firstOkAfter = Math.min(firstOkAfter, c.completion().time());
        }
      }
      out.add(new Window(i.name(), i.detail(), i.start() / 1_000_000, i.end() / 1_000_000, n, ok,
          n == 0 ? Double.NaN : (double) ok / n, completed,
          firstOkAfter == Long.MAX_VALUE ? -1 : (firstOkAfter - i.end()) / 1_000_000));
    }
    return out;
  }
}
