package io.gauntlet.checker.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.OpView;
import io.gauntlet.checker.linear.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code linear.html}: a linearizability violation drawn as Porcupine draws one. Each process is a
 * lane, each call a bar from its invoke to its completion. The end of the longest linearizable
 * prefix is drawn green and numbered in linearization order, the call that cannot be placed after
 * it red, and the other calls of the concurrent window grey. The x axis is event order, not time,
 * so that which call overlaps which is visible however short the calls. Below the drawing: the
 * states the object may be in after the prefix, and the prefix as a table. One self-contained
 * XHTML file with an inline SVG; hovering a bar shows the call.
 */
public final class LinearHtml {
  /** Prefix calls drawn before the window (the table lists more). */
  static final int PREFIX_DRAWN = 40;
  /** Prefix calls listed in the table (the last ones, nearest the culprit). */
  static final int PREFIX_LISTED = 500;
  private static final int STEP = 70;
  private static final int LANE = 34;
  private static final int LEFT = 8;
  private static final int LABELS = 90;
  private static final int TOP = 30;
  private static final int VALUE_CHARS = 60;

  private LinearHtml() {}

  /**
   * Writes the drawing of {@code result}'s violation into {@code dir}, for {@code gauntlet check
   * --out}: the {@code n}-th invalid file of a run (from 0) gets {@code linear.html}, later ones
   * {@code linear-2.html}, {@code linear-3.html}, ...
   *
   * @return the file name written
   */
  public static String write(CheckResult result, String source, Path dir, int n) throws IOException {
    Files.createDirectories(dir);
    String name = n == 0 ? "linear.html" : "linear-" + (n + 1) + ".html";
    write(result.violation(), source + " (model " + result.model() + ")", dir.resolve(name));
    return name;
  }

  public static void write(Violation v, String title, Path file) throws IOException {
    Html.write(file, render(v, title));
  }

  static String render(Violation v, String title) {
    StringBuilder sb = new StringBuilder(16_384);
    sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<title>Not linearizable: ").append(Html.text(title))
        .append("</title>\n<style>\n")
        .append("body { font: 13px sans-serif; color: #222; margin: 12px; }\n")
        .append("h1 { font-size: 18px; } h2 { font-size: 15px; margin-top: 22px; }\n")
        .append(".frame { display: flex; border: 1px solid #ccc; }\n")
        .append(".draw { overflow-x: auto; flex: 1; }\n")
        .append("table { border-collapse: collapse; font: 12px monospace; }\n")
        .append("td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; }\n")
        .append("tr.culprit td { background: #f8d0d0; }\n")
        .append(".sw { display: inline-block; width: 12px; height: 12px; border: 1px solid #555; margin: 0 4px 0 12px; vertical-align: middle; }\n")
        .append("code { background: #f3f3f3; padding: 0 3px; }\n")
        .append("</style>\n</head>\n<body>\n");
    sb.append("<h1>Not linearizable: ").append(Html.text(title)).append("</h1>\n");
    sb.append("<p>").append(v.key() == null ? "" : "Key <code>" + Html.text(v.key()) + "</code>: ");
    if (v.culprit() != null) {
      sb.append("call <code>").append(Html.text(describe(v.culprit()))).append("</code> of process ")
          .append(v.culprit().process()).append(" (history index ").append(v.culprit().invokeIndex())
          .append(") cannot be linearized after the longest linearizable prefix found, of ")
          .append(v.prefix().size()).append(" calls: no order of the calls before it explains its result.");
    } else {
      sb.append("no order of the calls explains the results; longest linearizable prefix: ")
          .append(v.prefix().size()).append(" calls.");
    }
    sb.append("</p>\n<p>Legend:<span class=\"sw\" style=\"background:#93c47d\"></span>linearized (numbered in")
        .append(" linearization order)<span class=\"sw\" style=\"background:#e06666\"></span>cannot be")
        .append(" linearized<span class=\"sw\" style=\"background:#d9d9d9\"></span>concurrent, not linearized")
        .append(" yet. Bars run from invoke to completion; the x axis is event order. Hover a bar for its call.</p>\n");
    sb.append("<div class=\"frame\">\n");
    svg(v, sb);
    sb.append("</div>\n");
    sb.append("<h2>States the object may be in after the prefix</h2>\n<ul>\n");
    for (JsonNode s : v.prefixStates()) {
      sb.append("<li><code>").append(Html.text(Html.abbreviate(s.toString(), 400))).append("</code></li>\n");
    }
    if (v.prefixStates().isEmpty()) {
      sb.append("<li>(none recorded)</li>\n");
    }
    sb.append("</ul>\n");
    table(v, sb);
    // the culprit is usually at the right end of a wide drawing: scroll it into view
    sb.append("<script>//<![CDATA[\n")
        .append("var c = document.getElementById('culprit'), d = document.querySelector('.draw');\n")
        .append("if (c && d) { var b = c.getBBox(); d.scrollLeft = Math.max(0, b.x + b.width - d.clientWidth * 0.8); }\n")
        .append("//]]></script>\n");
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void svg(Violation v, StringBuilder sb) {
    // calls drawn: the tail of the prefix, then the window (the culprit included)
    Map<Long, OpView> drawn = new LinkedHashMap<>();
    Map<Long, Integer> order = new HashMap<>();
    List<OpView> prefix = v.prefix();
    for (int i = 0; i < prefix.size(); i++) {
      order.put(prefix.get(i).invokeIndex(), i + 1);
    }
    prefix.subList(Math.max(0, prefix.size() - PREFIX_DRAWN), prefix.size())
        .forEach(o -> drawn.put(o.invokeIndex(), o));
    v.window().forEach(o -> drawn.putIfAbsent(o.invokeIndex(), o));
    if (v.culprit() != null) {
      drawn.putIfAbsent(v.culprit().invokeIndex(), v.culprit());
    }
    List<OpView> calls = new ArrayList<>(drawn.values());
    calls.sort(Comparator.comparingLong(OpView::invokeIndex));
    TreeSet<Long> events = new TreeSet<>();
    TreeSet<Integer> processes = new TreeSet<>();
    for (OpView o : calls) {
      events.add(o.invokeIndex());
      if (o.completionIndex() >= 0) {
        events.add(o.completionIndex());
      }
      processes.add(o.process());
    }
    Map<Long, Integer> rank = new HashMap<>();
    for (long e : events) {
      rank.put(e, rank.size());
    }
    Map<Integer, Integer> lane = new HashMap<>();
    for (int p : processes) {
      lane.put(p, lane.size());
    }
    int width = LEFT + (events.size() + 2) * STEP;
    int height = TOP + processes.size() * LANE + 10;
    // lane names in their own column, so they stay in view while the bars scroll sideways
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABELS).append("\" height=\"")
        .append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
    lanes(sb, processes, lane, LABELS, true);
    sb.append("</svg>\n<div class=\"draw\">\n");
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
    sb.append("<text x=\"").append(LEFT).append("\" y=\"16\" fill=\"#555\">event order (history index")
        .append(" of invokes and completions) &#8594;</text>\n");
    lanes(sb, processes, lane, width, false);
    long culprit = v.culprit() == null ? -1 : v.culprit().invokeIndex();
    for (OpView o : calls) {
      int x0 = LEFT + rank.get(o.invokeIndex()) * STEP + 4;
      int x1 = o.completionIndex() >= 0 ? LEFT + rank.get(o.completionIndex()) * STEP + STEP - 4 : width - 4;
      int y = TOP + lane.get(o.process()) * LANE + 5;
      Integer pos = order.get(o.invokeIndex());
      boolean isCulprit = o.invokeIndex() == culprit;
      String fill = isCulprit ? "#e06666" : pos != null ? "#93c47d" : "#d9d9d9";
      String label = (pos != null ? "#" + pos + " " : isCulprit ? "\u2717 " : "") + describe(o);
      sb.append(isCulprit ? "<g id=\"culprit\"><title>" : "<g><title>").append(Html.text(tooltip(o, pos, isCulprit))).append("</title>");
      sb.append("<rect x=\"").append(x0).append("\" y=\"").append(y).append("\" width=\"")
          .append(Math.max(6, x1 - x0)).append("\" height=\"").append(LANE - 10).append("\" rx=\"4\" fill=\"")
          .append(fill).append("\" stroke=\"").append(isCulprit ? "#900" : "#555").append("\" stroke-width=\"")
          .append(isCulprit ? 2.5 : 1).append(o.completionIndex() < 0 ? "\" stroke-dasharray=\"5,3" : "")
          .append("\"/>");
      sb.append("<svg x=\"").append(x0).append("\" y=\"").append(y).append("\" width=\"")
          .append(Math.max(6, x1 - x0)).append("\" height=\"").append(LANE - 10).append("\"><text x=\"4\" y=\"")
          .append(LANE / 2 - 1).append("\"").append(isCulprit ? " font-weight=\"bold\"" : "").append(">")
          .append(Html.text(label)).append("</text></svg></g>\n");
    }
    sb.append("</svg>\n</div>\n");
  }

  /** The lanes' alternating backgrounds, and with {@code names} the process names. */
  private static void lanes(StringBuilder sb, TreeSet<Integer> processes, Map<Integer, Integer> lane,
      int width, boolean names) {
    for (int p : processes) {
      int y = TOP + lane.get(p) * LANE;
      sb.append("<rect x=\"0\" y=\"").append(y).append("\" width=\"").append(width).append("\" height=\"")
          .append(LANE).append("\" fill=\"").append(lane.get(p) % 2 == 0 ? "#fafafa" : "#f0f0f0").append("\"/>\n");
      if (names) {
        sb.append("<text x=\"6\" y=\"").append(y + LANE / 2 + 4).append("\">process ").append(p).append("</text>\n");
      }
    }
  }

  private static void table(Violation v, StringBuilder sb) {
    List<OpView> prefix = v.prefix();
    int from = Math.max(0, prefix.size() - PREFIX_LISTED);
    sb.append("<h2>The longest linearizable prefix, in linearization order");
    if (from > 0) {
      sb.append(" (its last ").append(PREFIX_LISTED).append(" of ").append(prefix.size()).append(" calls)");
    }
    sb.append("</h2>\n<table>\n<tr><th>#</th><th>process</th><th>call</th><th>outcome</th>")
        .append("<th>invoke index</th><th>completion index</th></tr>\n");
    for (int i = from; i < prefix.size(); i++) {
      row(sb, "", "#" + (i + 1), prefix.get(i));
    }
    if (v.culprit() != null) {
      row(sb, " class=\"culprit\"", "\u2717", v.culprit());
    }
    sb.append("</table>\n");
  }

  private static void row(StringBuilder sb, String cls, String pos, OpView o) {
    sb.append("<tr").append(cls).append("><td>").append(pos).append("</td><td>").append(o.process())
        .append("</td><td>").append(Html.text(describe(o))).append("</td><td>").append(o.outcome())
        .append("</td><td>").append(o.invokeIndex()).append("</td><td>")
        .append(o.completionIndex() < 0 ? "never" : Long.toString(o.completionIndex())).append("</td></tr>\n");
  }

  /** {@code f(argument) -> result}, as short as the values allow. */
  public static String describe(OpView o) {
    String arg = o.argument() == null || o.argument().isNull() ? "" : value(o.argument());
    String res = "info".equals(o.outcome()) ? "?" : value(o.result());
    return o.f() + "(" + arg + ") -> " + res;
  }

  private static String value(JsonNode v) {
    return Html.abbreviate(v == null ? "null" : v.toString(), VALUE_CHARS);
  }

  private static String tooltip(OpView o, Integer pos, boolean culprit) {
    return "process " + o.process() + ": " + o.f() + (o.key() == null ? "" : " key " + o.key())
        + "\nargument: " + o.argument() + "\nresult: " + ("info".equals(o.outcome()) ? "unknown (info)" : o.result())
        + "\ninvoke index " + o.invokeIndex() + ", completion index "
        + (o.completionIndex() < 0 ? "never" : o.completionIndex())
        + (culprit ? "\ncannot be linearized" : pos != null ? "\nlinearized #" + pos : "\nnot linearized");
  }
}
