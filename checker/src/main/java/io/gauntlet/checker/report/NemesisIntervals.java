package io.gauntlet.checker.report;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The periods a fault was active, read from the nemesis's calls, for shading plots and the
 * timeline. Two shapes occur in histories: a {@code start-X} call opens fault {@code X} until the
 * completion of the next {@code stop-X} call (Jepsen's {@code start}/{@code stop} pair is the case
 * X = ""); any other nemesis call ({@code kill}, {@code pause n2}, ...) is active from its invoke to
 * its completion. A fault never stopped (or a call never completed) lasts to the end of the history.
 */
public final class NemesisIntervals {
  /**
   * One shaded period.
   *
   * @param name the fault ({@code partition} for start-partition, else the call's f)
   * @param start invoke time of the opening call (ns)
   * @param end completion time of the closing call (ns)
   * @param detail the opening call's value, for hover text (may be empty)
   */
  public record Interval(String name, long start, long end, String detail) {}

  private NemesisIntervals() {}

  /** The intervals of {@code history}, ordered by start. */
  public static List<Interval> of(History history) {
    long end = history.size() == 0 ? 0 : history.get(history.size() - 1).time();
    List<Interval> out = new ArrayList<>();
    Map<String, Call> open = new LinkedHashMap<>();
    for (Call c : history.nemesisCalls()) {
      String f = c.f();
      long closed = c.completion() == null ? end : c.completion().time();
      if (f.startsWith("start")) {
        String fault = fault(f, "start");
        open.putIfAbsent(fault, c);
      } else if (f.startsWith("stop")) {
        Call opener = open.remove(fault(f, "stop"));
        if (opener != null) {
          out.add(interval(opener, fault(f, "stop"), closed));
        }
      } else {
        out.add(interval(c, f, closed));
      }
    }
    for (Map.Entry<String, Call> e : open.entrySet()) {
      out.add(interval(e.getValue(), e.getKey(), end));
    }
    out.sort(Comparator.comparingLong(Interval::start));
    return out;
  }

  private static String fault(String f, String verb) {
    String rest = f.substring(verb.length());
    if (rest.startsWith("-") || rest.startsWith("_")) {
      rest = rest.substring(1);
    }
    return rest.isEmpty() ? "fault" : rest;
  }

  private static Interval interval(Call c, String name, long end) {
    Op inv = c.invoke();
    String detail = inv.value() == null || inv.value().isNull() ? "" : inv.value().toString();
    return new Interval(name, inv.time(), Math.max(end, inv.time()), detail);
  }
}
