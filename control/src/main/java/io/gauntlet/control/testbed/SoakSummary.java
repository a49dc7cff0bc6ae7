package io.gauntlet.control.testbed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A soak's summary, {@code results/soak-<timestamp>/summary.json} and {@code index.html}: every
 * campaign's verdict, figures and a link to its bundle. Rewritten (atomically) after each campaign,
 * so a soak that is killed still leaves a summary of what it ran.
 */
public final class SoakSummary {
  /** One campaign: its cell, seed, verdict ("valid", "invalid", "unknown", "crashed") and bundle. */
  public record Campaign(int index, String workload, String nemesis, String db, long seed, String verdict, long ops,
      double okPerSecond, double p99Millis, double seconds, String bundle, String error, String command) {}

  private final Path dir;
  private final Path results;
  private final Instant started = Instant.now();
  private final double hours;
  private final String commandLine;
  private final List<Campaign> campaigns = new ArrayList<>();
  private String state = "running";

  public SoakSummary(Path results, double hours, String commandLine) throws IOException {
    this.results = results;
    this.hours = hours;
    this.commandLine = commandLine;
    this.dir = results.resolve("soak-" + Bundle.stamp());
    Files.createDirectories(dir);
    write();
  }

  public Path dir() {
    return dir;
  }

  public synchronized void add(Campaign c) throws IOException {
    campaigns.add(c);
    write();
  }

  /** Marks the soak finished (or stopped early, and why). */
  public synchronized void finish(String how) throws IOException {
    state = how;
    write();
  }

  public synchronized long count(String verdict) {
    return campaigns.stream().filter(c -> c.verdict().equals(verdict)).count();
  }

  public synchronized long ops() {
    return campaigns.stream().mapToLong(Campaign::ops).sum();
  }

  /** A bundle's path relative to the soak's folder, for links that survive moving the results. */
  public String link(Path bundle) {
    return bundle == null ? null : dir.toAbsolutePath().relativize(bundle.toAbsolutePath()).toString();
  }

  private void write() throws IOException {
    ObjectNode s = Bundle.object();
    s.put("state", state);
    s.put("started", started.toString());
    s.put("hours", hours);
    s.put("command", commandLine);
    s.put("campaigns-run", campaigns.size());
    for (String v : List.of("valid", "invalid", "unknown", "crashed")) {
      s.put(v, campaigns.stream().filter(c -> c.verdict().equals(v)).count());
    }
    s.put("ops", campaigns.stream().mapToLong(Campaign::ops).sum());
    ArrayNode list = s.putArray("campaigns");
    campaigns.forEach(c -> list.add(Bundle.JSON.valueToTree(c)));
    replace(dir.resolve("summary.json"), Bundle.JSON.writeValueAsString(s));
    replace(dir.resolve("index.html"), html());
  }

  private static void replace(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private String html() {
    StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>soak ")
        .append(esc(started.toString())).append("</title><style>body{font:14px sans-serif;margin:2em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
            + ".valid{background:#d7f5d7}.invalid{background:#f8caca}.unknown{background:#fbeec2}.crashed{background:#e3d0f0}"
            + "</style></head><body>");
    h.append("<h1>Soak ").append(esc(started.toString())).append(" (").append(esc(state)).append(")</h1>");
    h.append("<p>").append(campaigns.size()).append(" campaigns in ").append(hours).append(" h planned: ");
    for (String v : List.of("valid", "invalid", "unknown", "crashed")) {
      h.append(campaigns.stream().filter(c -> c.verdict().equals(v)).count()).append(' ').append(v).append(", ");
    }
    h.append(campaigns.stream().mapToLong(Campaign::ops).sum()).append(" calls checked.</p><p><code>")
        .append(esc(commandLine)).append("</code></p>");
    h.append("<table><tr><th>#</th><th>workload</th><th>nemesis</th><th>db</th><th>seed</th><th>verdict</th><th>calls</th>"
        + "<th>ok/s</th><th>p99 ms</th><th>bundle / reason</th></tr>");
    for (Campaign c : campaigns) {
      h.append("<tr class=\"").append(esc(c.verdict())).append("\"><td>").append(c.index()).append("</td><td>")
          .append(esc(c.workload())).append("</td><td>").append(esc(c.nemesis())).append("</td><td>").append(esc(c.db()))
          .append("</td><td>").append(c.seed()).append("</td><td>").append(esc(c.verdict())).append("</td><td>").append(c.ops())
          .append("</td><td>").append(String.format("%.0f", c.okPerSecond())).append("</td><td>")
          .append(String.format("%.1f", c.p99Millis())).append("</td><td>");
      if (c.bundle() != null) {
        h.append("<a href=\"").append(esc(c.bundle())).append("/\">").append(esc(c.bundle())).append("</a> ");
      }
      if (c.error() != null) {
        h.append(esc(c.error()));
      }
      h.append("</td></tr>");
    }
    return h.append("</table></body></html>\n").toString();
  }

  private static String esc(String s) {
    return s == null ? "" : io.gauntlet.checker.report.Html.text(s);
  }
}
