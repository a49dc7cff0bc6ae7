package io.gauntlet.checker.report;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client calls of a history as the plots need them: each completed call's invoke time and
 * latency, grouped by function and outcome. Calls that never completed have no latency and are
 * left out of the latency plots (the timeline shows them).
 */
final class Latencies {
  /** One call: invoke time (ns since start), latency (ns), how it ended. */
  record Point(long time, long latency, OpType outcome) {}

  /** Functions in order of first appearance, each with its completed calls in invoke order. */
  final Map<String, List<Point>> byF = new LinkedHashMap<>();
  /** Time of the history's last event (ns). */
  final long end;

  Latencies(History history) {
    for (Call c : history.calls()) {
      List<Point> points = byF.computeIfAbsent(c.f(), k -> new ArrayList<>());
      if (c.completion() != null) {
        points.add(new Point(c.invoke().time(), c.completion().time() - c.invoke().time(), c.outcome()));
      }
    }
    end = history.size() == 0 ? 0 : history.get(history.size() - 1).time();
  }

  /** The index of {@code f} among the functions (for its marker shape). */
  int fIndex(String f) {
    int i = 0;
    for (String k : byF.keySet()) {
      if (k.equals(f)) {
        return i;
      }
      i++;
    }
    return -1;
  }

  long maxLatency() {
    long m = 0;
    for (List<Point> ps : byF.values()) {
      for (Point p : ps) {
        m = Math.max(m, p.latency);
      }
    }
    return m;
  }
}
