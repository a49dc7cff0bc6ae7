package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Campaigns (test-all's matrix, a test run --test-count times), from the records they write in
 * {@code <results>/campaigns/<stamp>.json}: a list, and per campaign the matrix of workload x
 * nemesis with each cell's verdicts, the totals of each row and column, and a link to the cell's
 * first failing bundle (else its first bundle).
 */
final class CampaignPage {
  private CampaignPage() {}

  /** The campaign files, newest first. */
  static List<Path> files(Path results) throws IOException {
    Path dir = results.resolve("campaigns");
    List<Path> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
        s.forEach(out::add);
      }
    }
    out.sort(Comparator.comparing(Path::getFileName).reversed());
    return out;
  }

  static String list(Path results) throws IOException {
    StringBuilder b = new StringBuilder("<table id=campaigns><tr><th>campaign</th><th>kind</th><th>command</th><th>tests</th>"
        + "<th>not valid</th><th>state</th></tr>");
    List<Path> files = files(results);
    for (Path f : files) {
      JsonNode c = BundleSummary.readOrNull(f);
      String name = f.getFileName().toString().replaceFirst("\\.json$", "");
      if (c == null) {
        b.append("<tr><td>").append(Html.esc(name)).append("</td><td colspan=5>").append(Html.verdict(Verdict.INCOMPLETE))
            .append(" unreadable campaign record</td></tr>");
        continue;
      }
      long bad = 0;
      for (JsonNode cell : c.path("cells")) {
        bad += cell.path("verdict").asText().equals("valid") ? 0 : 1;
      }
      b.append("<tr><td><a href=\"/campaign/").append(Html.esc(Html.path(name))).append("\">").append(Html.esc(name))
          .append("</a></td><td>").append(Html.esc(c.path("kind").asText())).append("</td><td><code>")
          .append(Html.esc(c.path("command").asText())).append("</code></td><td class=num>").append(c.path("cells").size())
          .append("</td><td class=num>").append(bad).append("</td><td>")
          .append(c.path("finished").asBoolean() ? "finished" : "running or stopped").append("</td></tr>");
    }
    b.append("</table>");
    if (files.isEmpty()) {
      b.append("<p class=muted>no campaign yet: <code>bin/gauntlet test-all</code> and <code>bin/gauntlet test --test-count N</code>"
          + " record theirs in results/campaigns/</p>");
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

  static String matrix(String name, JsonNode c, BundleIndex index) {
    Map<String, Map<String, Cell>> rows = new LinkedHashMap<>();
    Set<String> columns = new LinkedHashSet<>();
    for (JsonNode cell : c.path("cells")) {
      String w = cell.path("workload").asText();
      String n = cell.path("nemesis").asText();
      columns.add(n);
      String bundle = cell.hasNonNull("bundle") ? cell.get("bundle").asText() : null;
      // The bundle's own verdict when the index knows it (it may have been re-checked), else the record's.
      BundleSummary s = bundle == null ? null : index.get(bundle);
      Verdict v = s != null ? s.verdict() : verdictOf(cell.path("verdict").asText());
      rows.computeIfAbsent(w, k -> new LinkedHashMap<>()).computeIfAbsent(n, k -> new Cell()).add(v, bundle);
    }
    StringBuilder b = new StringBuilder("<p><code>").append(Html.esc(c.path("command").asText())).append("</code> &middot; started ")
        .append(Html.esc(c.path("started").asText())).append(c.path("finished").asBoolean() ? " &middot; finished" : " &middot; not finished")
        .append("</p><table id=matrix><tr><th>workload \\ nemesis</th>");
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
    return Html.page("Campaign " + name, b.toString());
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
