package io.gauntlet.control.serve;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Building pages as strings. Every piece of bundle data (test names, options, log lines, reasons)
 * goes through {@link #esc} or {@link #url}: a log line holding {@code <script>} must show as text.
 * Styles are inline so the pages work offline, with no CDN and no build step.
 */
final class Html {
  private Html() {}

  static final String CSS = """
      body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5em 2em;color:#222}
      header{display:flex;gap:1.5em;align-items:baseline;border-bottom:1px solid #ccc;margin-bottom:1em}
      header a{color:#225;text-decoration:none}
      table{border-collapse:collapse;margin:.5em 0 1.2em}
      th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
      th{background:#f3f3f3} th a{color:#222}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      .v{display:inline-block;padding:1px 7px;border-radius:3px;font-weight:600;color:#fff}
      .v-valid{background:#2e7d32}.v-invalid{background:#c62828}.v-unknown{background:#f9a825;color:#222}
      .v-crashed{background:#6a1b9a}.v-incomplete{background:#757575}.v-running{background:#1565c0}
      .diff{background:#fff3cd}
      pre{background:#f6f6f6;padding:.6em;overflow:auto;white-space:pre-wrap}
      img.plot{max-width:100%;border:1px solid #ddd;margin:.3em 0}
      iframe{width:100%;height:520px;border:1px solid #ccc}
      form.filters{display:flex;gap:.6em;flex-wrap:wrap;align-items:center;margin:.5em 0}
      .muted{color:#777}
      #live{margin:.5em 0;padding:.4em .6em;background:#e3f2fd;display:none}
      .log{font:12px/1.35 ui-monospace,monospace;white-space:pre-wrap}
      .log .near{background:#fff3cd}.log .fault{background:#c62828;color:#fff;font-weight:600}
      """;

  /** A whole page: title, the navigation bar, then {@code body} (already escaped HTML). */
  static String page(String title, String body) {
    return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + esc(title) + " - gauntlet</title>"
        + "<style>" + CSS + "</style></head><body><header><h2>" + esc(title) + "</h2>"
        + "<a href=\"/\">index</a><a href=\"/latest\">latest</a><a href=\"/campaigns\">campaigns</a></header>" + body + "</body></html>";
  }

  /** Escapes text for HTML element content and quoted attribute values (null as nothing). */
  static String esc(Object text) {
    return text == null ? "" : io.gauntlet.checker.report.Html.text(text.toString());
  }

  /** One URL query value, encoded. */
  static String url(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A bundle id (test/stamp) or a path under it, for use inside a URL path: each segment encoded. */
  static String path(String relative) {
    StringBuilder b = new StringBuilder();
    for (String seg : relative.split("/")) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return b.toString();
  }

  static String verdict(Verdict v) {
    String name = v.name().toLowerCase(Locale.ROOT);
    return "<span class=\"v v-" + name + "\">" + name + "</span>";
  }

  static String num(double d, String format) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, format, d);
  }
}
