package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One bundle: the verdict of each checker with its reason, the command that re-runs the test and
 * its options, the plots inline, the timeline and linear.html embedded, the nemesis schedule with
 * the availability during each fault, the logs (opened in the log viewer), every file, and the zip.
 */
final class BundlePage {
  private BundlePage() {}

  static String render(BundleSummary s, Path dir, PathConfinement files) throws IOException {
    String id = s.id();
    String p = Html.esc(Html.path(id));
    JsonNode results = BundleSummary.readOrNull(dir.resolve("results.json"));
    JsonNode test = BundleSummary.readOrNull(dir.resolve("test.json"));
    StringBuilder b = new StringBuilder();
    b.append("<p>").append(Html.verdict(s.verdict())).append(' ').append(Html.esc(s.reason())).append("</p>");
    b.append("<p><a id=zip href=\"/zip/").append(p).append("\">download the whole bundle (.zip)</a> &middot; started ")
        .append(IndexPage.TIME.format(s.start())).append(" UTC &middot; ").append(Html.num(s.seconds(), "%.1f s"))
        .append(" &middot; ").append(s.ops()).append(" ops</p>");
    if (s.live() != null) {
      LiveStatus l = s.live();
      b.append("<p id=progress data-id=\"").append(Html.esc(id)).append("\">running: ").append(Html.num(l.elapsedSeconds(), "%.0f")).append(" s of ")
          .append(Html.num(l.limitSeconds(), "%.0f")).append(" s, ok ").append(l.ok()).append(", fail ").append(l.fail())
          .append(", info ").append(l.info()).append(", fault: ").append(Html.esc(l.fault().isEmpty() ? "none" : l.fault()))
          .append("</p><script>").append(PROGRESS_JS).append("</script>");
    }
    b.append("<h3>Checkers</h3>").append(checkers(results));
    b.append("<h3>Re-run</h3>");
    String command = test != null && test.hasNonNull("command") ? test.get("command").asText() : simReplay(s.test(), dir);
    b.append(command != null ? "<pre id=command>" + Html.esc(command) + "</pre>" : "<p class=muted>no test.json with the command</p>");
    if (test != null) {
      b.append("<h3>Options</h3>").append(options(test));
    }
    b.append("<h3>Plots</h3>");
    List<String> all = list(dir);
    for (String f : all) {
      if (!f.contains("/") && (f.endsWith(".png") || f.endsWith(".svg"))) {
        b.append("<img class=plot alt=\"").append(Html.esc(f)).append("\" src=\"/file/").append(p).append('/')
            .append(Html.esc(Html.path(f))).append("\">");
      }
    }
    for (String page : List.of("timeline.html", "linear.html")) {
      if (Files.isRegularFile(dir.resolve(page))) {
        String src = "/file/" + p + "/" + page;
        b.append("<h3>").append(page).append(" <a class=muted href=\"").append(src).append("\">open alone</a></h3>")
            .append("<iframe id=\"").append(page.replace(".html", "")).append("\" src=\"").append(src).append("\"></iframe>");
      }
    }
    b.append("<h3>Nemesis schedule and availability</h3>").append(schedule(results));
    b.append("<h3>Logs</h3><ul>");
    for (String f : all) {
      if (f.endsWith(".log")) {
        b.append("<li><a href=\"/log/").append(p).append('/').append(Html.esc(Html.path(f))).append("\">")
            .append(Html.esc(f)).append("</a></li>");
      }
    }
    b.append("</ul><h3>Files</h3><table>");
    for (String f : all) {
      Path file = dir.resolve(f);
      b.append("<tr><td><a href=\"/file/").append(p).append('/').append(Html.esc(Html.path(f))).append("\">")
          .append(Html.esc(f)).append("</a></td><td class=num>")
          .append(files.servable(file) ? Files.size(file) + " B" : "not served (outside the results folder)").append("</td></tr>");
    }
    b.append("</table><script>").append(LOADED_JS).append("</script>");
    return Html.page(s.test() + " " + dir.getFileName(), b.toString());
  }

  /**
   * At the load event (plots and frames loaded), marks on the body how many plots decoded and the
   * time since navigation began: what the browser test checks and {@code bench serve} reports.
   */
  private static final String LOADED_JS = "addEventListener('load',function(){var im=document.querySelectorAll('img.plot'),n=0;"
      + "im.forEach(function(i){if(i.naturalWidth>0)n++;});var b=document.body;b.dataset.plots=im.length;"
      + "b.dataset.plotsLoaded=n;b.dataset.loadMs=Math.round(performance.now());});";

  /** While the test runs: its progress line refreshed every 2 s from /api/live, as on the index. */
  private static final String PROGRESS_JS = "(function(){var p=document.getElementById('progress');function poll(){"
      + "fetch('/api/live').then(function(r){return r.json();}).then(function(l){var t=l.filter(function(x){return x.id===p.dataset.id;})[0];"
      + "p.textContent=t?'running: '+Math.round(t.elapsed)+' s of '+Math.round(t.limit)+' s, ok '+t.ok+', fail '+t.fail+', info '+t.info"
      + "+(t.phase?', '+t.phase:', fault: '+(t.fault||'none')):'finished: reload for the verdict';}).catch(function(){});}"
      + "setInterval(poll,2000);})();";

  /**
   * A simulator soak's seed bundle ({@code results/sim-kvraft/seed-17/}, no test.json) is replayed
   * by {@code bin/gauntlet sim kvraft --seed 17 --trace}; null for any other folder.
   */
  static String simReplay(String test, Path dir) {
    String seed = dir.getFileName().toString();
    return test.startsWith("sim-") && seed.matches("seed-\\d+")
        ? "bin/gauntlet sim " + test.substring(4) + " --seed " + seed.substring(5) + " --trace" : null;
  }

  /** The verdict of each checker with its reason. */
  private static String checkers(JsonNode r) {
    if (r == null) {
      return "<p class=muted>no readable results.json</p>";
    }
    StringBuilder b = new StringBuilder("<table id=checkers><tr><th>checker</th><th>verdict</th><th>reason</th></tr>");
    if (r.hasNonNull("error")) {
      b.append(checkerRow("test run", Verdict.CRASHED, r.get("error").asText()));
    }
    JsonNode lin = r.has("linearizable") ? r.get("linearizable") : r.has("keys") ? r : null;
    if (lin != null) {
      Verdict v = Verdict.ofValid(lin.get("valid"));
      String reason = lin.hasNonNull("cause") ? lin.get("cause").asText() : "";
      if (lin.has("violation")) {
        JsonNode vi = lin.get("violation");
        reason = (reason.isEmpty() ? "" : reason + "; ") + "not linearizable at key " + vi.path("key").asText()
            + " (see linear.html)";
      }
      reason += (reason.isEmpty() ? "" : "; ") + lin.path("ops").asLong() + " ops, " + lin.path("keys").size()
          + " keys, checker " + lin.path("checker").asText() + ", model " + lin.path("model").asText() + ", "
          + lin.path("millis").asLong() + " ms";
      b.append(checkerRow("linearizable", v == null ? Verdict.INCOMPLETE : v, reason));
    }
    if (r.has("lost-appends")) {
      JsonNode lost = r.get("lost-appends");
      StringBuilder reason = new StringBuilder(lost.isEmpty() ? "every acknowledged append is in the final reads" : "");
      for (int i = 0; i < Math.min(5, lost.size()); i++) {
        JsonNode l = lost.get(i);
        reason.append(i == 0 ? lost.size() + " lost, e.g. " : "; ").append("key ").append(l.path("key").asText())
            .append(" value ").append(l.path("value").asText());
      }
      b.append(checkerRow("lost appends", lost.isEmpty() ? Verdict.VALID : Verdict.INVALID, reason.toString()));
    }
    if (r.hasNonNull("cause") && !r.has("keys")) {
      b.append(checkerRow("test", Verdict.ofValid(r.get("valid")), r.get("cause").asText()));
    }
    JsonNode st = r.path("stats");
    if (st.isObject()) {
      b.append("</table><table id=stats><tr>");
      st.fieldNames().forEachRemaining(f -> b.append("<th>").append(Html.esc(f)).append("</th>"));
      b.append("</tr><tr>");
      st.elements().forEachRemaining(v -> b.append("<td class=num>").append(Html.esc(v.isFloatingPointNumber()
          ? String.format(java.util.Locale.ROOT, "%.3f", v.asDouble()) : v.asText())).append("</td>"));
      b.append("</tr>");
    }
    return b.append("</table>").toString();
  }

  private static String checkerRow(String name, Verdict v, String reason) {
    return "<tr><td>" + name + "</td><td>" + (v == null ? "" : Html.verdict(v)) + "</td><td>" + Html.esc(reason) + "</td></tr>";
  }

  private static String options(JsonNode test) {
    StringBuilder b = new StringBuilder("<table id=options>");
    for (Iterator<Map.Entry<String, JsonNode>> it = test.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("command")) {
        b.append("<tr><th>").append(Html.esc(e.getKey())).append("</th><td>").append(Html.esc(text(e.getValue())))
            .append("</td></tr>");
      }
    }
    return b.append("</table>").toString();
  }

  /** A JSON value as a person reads it: strings bare, arrays comma-separated. */
  static String text(JsonNode v) {
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(e -> parts.add(text(e)));
      return String.join(", ", parts);
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** The faults in the order the nemesis ran them, with the calls and how many succeeded during each. */
  private static String schedule(JsonNode r) {
    JsonNode av = r == null ? null : r.get("availability");
    if (av == null || av.isEmpty()) {
      return "<p class=muted>no fault was recorded</p>";
    }
    StringBuilder b = new StringBuilder("<table id=schedule><tr><th>fault</th><th>detail</th><th>from (s)</th><th>to (s)</th>"
        + "<th>calls</th><th>ok</th><th>ok fraction</th><th>recovery (ms)</th></tr>");
    for (JsonNode w : av) {
      b.append("<tr><td>").append(Html.esc(w.path("fault").asText())).append("</td><td>")
          .append(Html.esc(w.path("detail").asText().replace("\"", ""))).append("</td><td class=num>")
          .append(Html.num(w.path("startMillis").asDouble() / 1000, "%.2f")).append("</td><td class=num>")
          .append(Html.num(w.path("endMillis").asDouble() / 1000, "%.2f")).append("</td><td class=num>")
          .append(w.path("calls").asLong()).append("</td><td class=num>").append(w.path("ok").asLong())
          .append("</td><td class=num>").append(Html.num(100 * w.path("okFraction").asDouble(), "%.1f%%"))
          .append("</td><td class=num>").append(w.path("recoveryMillis").asLong()).append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  /** The bundle's files, relative and sorted, not following symlinked folders. */
  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(f -> !Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(f -> dir.relativize(f).toString().replace('\\', '/')).sorted().toList();
    }
  }
}
