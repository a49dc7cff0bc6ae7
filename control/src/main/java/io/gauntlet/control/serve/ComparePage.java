package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Two bundles side by side: every option with the ones that differ marked, the verdicts, the
 * throughput, and the latency quantiles of the successful calls of each function (read from each
 * history.jsonl, so this page costs a history read per bundle).
 */
final class ComparePage {
  private ComparePage() {}

  static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 1.0};

  static String render(BundleSummary a, Path dirA, BundleSummary b, Path dirB) throws IOException {
    StringBuilder h = new StringBuilder("<table id=summary><tr><th></th>").append(head(a)).append(head(b)).append("</tr>");
    h.append("<tr><th>verdict</th><td>").append(Html.verdict(a.verdict())).append(' ').append(Html.esc(a.reason()))
        .append("</td><td>").append(Html.verdict(b.verdict())).append(' ').append(Html.esc(b.reason())).append("</td></tr>");
    JsonNode ra = BundleSummary.readOrNull(dirA.resolve("results.json"));
    JsonNode rb = BundleSummary.readOrNull(dirB.resolve("results.json"));
    for (String stat : List.of("ok", "fail", "info", "seconds", "ops-per-second")) {
      h.append(pair("stats: " + stat, statOf(ra, stat), statOf(rb, stat)));
    }
    h.append("</table><h3>Options</h3><table id=options><tr><th>option</th>").append(head(a)).append(head(b)).append("</tr>");
    JsonNode ta = BundleSummary.readOrNull(dirA.resolve("test.json"));
    JsonNode tb = BundleSummary.readOrNull(dirB.resolve("test.json"));
    Set<String> names = new LinkedHashSet<>();
    fieldNames(ta).forEachRemaining(names::add);
    fieldNames(tb).forEachRemaining(names::add);
    for (String n : names) {
      h.append(pair(n, valueOf(ta, n), valueOf(tb, n)));
    }
    h.append("</table><h3>Latency of successful calls (ms)</h3>");
    Map<String, double[]> la = latencies(dirA.resolve("history.jsonl"));
    Map<String, double[]> lb = latencies(dirB.resolve("history.jsonl"));
    h.append("<table id=latency><tr><th>function</th><th>quantile</th>").append(head(a)).append(head(b)).append("</tr>");
    Set<String> fs = new LinkedHashSet<>(la.keySet());
    fs.addAll(lb.keySet());
    for (String f : fs) {
      for (double q : QUANTILES) {
        h.append("<tr><td>").append(Html.esc(f)).append("</td><td>").append(q == 1.0 ? "max" : "p" + trim(q * 100))
            .append("</td><td class=num>").append(Html.num(quantile(la.get(f), q), "%.2f")).append("</td><td class=num>")
            .append(Html.num(quantile(lb.get(f), q), "%.2f")).append("</td></tr>");
      }
    }
    if (fs.isEmpty()) {
      h.append("<tr><td colspan=4 class=muted>neither bundle has a readable history.jsonl</td></tr>");
    }
    return Html.page("Compare", h.append("</table>").toString());
  }

  private static String head(BundleSummary s) {
    return "<th><a href=\"/bundle/" + Html.esc(Html.path(s.id())) + "\">" + Html.esc(s.id()) + "</a></th>";
  }

  private static String pair(String name, String a, String b) {
    boolean differ = !Objects.equals(a, b);
    return "<tr" + (differ ? " class=diff" : "") + "><th>" + Html.esc(name) + "</th><td>" + Html.esc(a) + "</td><td>"
        + Html.esc(b) + "</td></tr>";
  }

  private static Iterator<String> fieldNames(JsonNode j) {
    return j == null ? List.<String>of().iterator() : j.fieldNames();
  }

  private static String valueOf(JsonNode j, String field) {
    return j == null || !j.has(field) ? "" : BundlePage.text(j.get(field));
  }

  private static String statOf(JsonNode r, String stat) {
    JsonNode v = r == null ? null : r.path("stats").get(stat);
    return v == null ? "" : v.isFloatingPointNumber() ? String.format(java.util.Locale.ROOT, "%.2f", v.asDouble()) : v.asText();
  }

  /** Latencies (ms) of the successful calls per function, sorted; none if the history is missing or unreadable. */
  static Map<String, double[]> latencies(Path history) {
    Map<String, double[]> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(history)) {
      return out;
    }
    History h;
    try {
      h = HistoryReader.read(history);
    } catch (IOException | RuntimeException e) {
      return out;
    }
    Map<String, List<Double>> byF = new LinkedHashMap<>();
    for (Call c : h.calls()) {
      if (c.completion() != null && c.isOk() && !c.invoke().isNemesis()) {
        byF.computeIfAbsent(c.f(), k -> new ArrayList<>()).add((c.completion().time() - c.invoke().time()) / 1e6);
      }
    }
    byF.forEach((f, l) -> {
      double[] a = l.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(a);
      out.put(f, a);
    });
    return out;
  }

  /** The q-quantile of sorted {@code a} (nearest rank), NaN if there is none. */
  static double quantile(double[] a, double q) {
    if (a == null || a.length == 0) {
      return Double.NaN;
    }
    return a[Math.min(a.length - 1, Math.max(0, (int) Math.ceil(q * a.length) - 1))];
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
