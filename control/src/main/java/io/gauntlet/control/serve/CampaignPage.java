package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Campaigns (test-all's matrix, a soak, a test run --test-count times; see {@link Campaign}): a
 * list, and per campaign the matrix of workload (/ db) x nemesis with each cell's verdicts, the
 * totals of each row and column, and a link to the cell's first failing bundle (else its first).
 */
final class CampaignPage {
  private CampaignPage() {}

  static String list(Path results, PathConfinement files) throws IOException {
    StringBuilder b = new StringBuilder("<table id=campaigns><tr><th>campaign</th><th>kind</th><th>command</th><th>tests</th>"
        + "<th>not valid</th><th>state</th></tr>");
    List<String> names = Campaign.names(results);
    for (String name : names) {
      JsonNode json = files.resolve(Campaign.file(name)).map(BundleSummary::readOrNull).orElse(null);
      if (json == null) {
        b.append("<tr><td>").append(Html.esc(name)).append("</td><td colspan=5>").append(Html.verdict(Verdict.INCOMPLETE))
            .append(" unreadable campaign record</td></tr>");
        continue;
      }
      Campaign c = Campaign.of(name, json, results);
      b.append("<tr><td><a href=\"/campaign/").append(Html.esc(Html.path(name))).append("\">").append(Html.esc(name))
          .append("</a></td><td>").append(Html.esc(c.kind())).append("</td><td><code>").append(Html.esc(c.command()))
          .append("</code></td><td class=num>").append(c.cells().size()).append("</td><td class=num>").append(c.notValid())
          .append("</td><td>").append(Html.esc(c.state())).append("</td></tr>");
    }
    b.append("</table>");
    if (names.isEmpty()) {
      b.append("<p class=muted>no campaign yet: <code>bin/gauntlet test-all</code>, <code>bin/gauntlet soak</code> and "
          + "<code>bin/gauntlet test --test-count N</code> record theirs (results/campaigns/, results/soak-*/)</p>");
    }
    return Html.page("Campaigns", b.toString());
  }

  /** One cell's tests: the verdict counts and the first failing (else first) bundle. */
  private static final class Cell {
    final Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    String firstBad;
    String first;

    void add(Verdict v, String bundle) {
      counts.merge(v, 1, Integer::sum);
      if (first == null) {
        first = bundle;
      }
      if (firstBad == null && v != Verdict.VALID) {
        firstBad = bundle;
      }
    }

    Verdict worst() {
      for (Verdict v : List.of(Verdict.INVALID, Verdict.CRASHED, Verdict.UNKNOWN, Verdict.INCOMPLETE, Verdict.RUNNING)) {
        if (counts.containsKey(v)) {
          return v;
        }
      }
      return Verdict.VALID;
    }

    void addAll(Cell other) {
      other.counts.forEach((v, n) -> counts.merge(v, n, Integer::sum));
    }
  }

  static String matrix(Campaign c, BundleIndex index) {
    // Rows are workloads, or workload / db when the campaign put several systems side by side.
    boolean severalDbs = c.cells().stream().map(Campaign.Cell::db).distinct().count() > 1;
    Map<String, Map<String, Cell>> rows = new LinkedHashMap<>();
    Set<String> columns = new LinkedHashSet<>();
    for (Campaign.Cell cell : c.cells()) {
      String row = severalDbs ? cell.workload() + " / " + cell.db() : cell.workload();
      columns.add(cell.nemesis());
      // The bundle's own verdict when the index knows it (it may have been re-checked), else the record's.
      BundleSummary s = cell.bundle() == null ? null : index.get(cell.bundle());
      Verdict v = s != null ? s.verdict() : verdictOf(cell.verdict());
      rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).computeIfAbsent(cell.nemesis(), k -> new Cell()).add(v, cell.bundle());
    }
    StringBuilder b = new StringBuilder("<p>").append(Html.esc(c.kind())).append(" &middot; <code>").append(Html.esc(c.command()))
        .append("</code> &middot; started ").append(Html.esc(c.started())).append(" &middot; ").append(Html.esc(c.state()))
        .append("</p><table id=matrix><tr><th>").append(severalDbs ? "workload / db" : "workload").append(" \\ nemesis</th>");
    columns.forEach(n -> b.append("<th>").append(Html.esc(n)).append("</th>"));
    b.append("<th>total</th></tr>");
    Map<String, Cell> columnTotals = new LinkedHashMap<>();
    Cell all = new Cell();
    rows.forEach((w, cells) -> {
      b.append("<tr><th>").append(Html.esc(w)).append("</th>");
      Cell rowTotal = new Cell();
      for (String n : columns) {
        Cell cell = cells.get(n);
        if (cell == null) {
          b.append("<td class=muted>-</td>");
          continue;
        }
        b.append(cellHtml(cell, true));
        rowTotal.addAll(cell);
        columnTotals.computeIfAbsent(n, k -> new Cell()).addAll(cell);
        all.addAll(cell);
      }
      b.append(cellHtml(rowTotal, false)).append("</tr>");
    });
    b.append("<tr><th>total</th>");
    columns.forEach(n -> b.append(cellHtml(columnTotals.getOrDefault(n, new Cell()), false)));
    b.append(cellHtml(all, false)).append("</tr></table>");
    return Html.page("Campaign " + c.name(), b.toString());
  }

  private static String cellHtml(Cell cell, boolean link) {
    StringBuilder b = new StringBuilder("<td>").append(Html.verdict(cell.worst())).append("<br>");
    List<String> parts = new ArrayList<>();
    cell.counts.forEach((v, n) -> parts.add(n + " " + v.name().toLowerCase(Locale.ROOT)));
    b.append(String.join(", ", parts));
    String target = cell.firstBad != null ? cell.firstBad : cell.first;
    if (link && target != null) {
      b.append("<br><a href=\"/bundle/").append(Html.esc(Html.path(target))).append("\">")
          .append(cell.firstBad != null ? "first failing" : "first bundle").append("</a>");
    }
    return b.append("</td>").toString();
  }

  private static Verdict verdictOf(String s) {
    try {
      return Verdict.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Verdict.INCOMPLETE;
    }
  }
}
