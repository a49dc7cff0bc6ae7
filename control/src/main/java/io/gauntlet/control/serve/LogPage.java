package io.gauntlet.control.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A log in the browser, each line escaped (a log line is data, never markup), with the faults
 * marked: the nemesis events of the bundle's control.log ({@code ... test: nemesis start-kill
 * killed n3}) are inserted where they happened, and the lines within {@link #NEAR_MILLIS} of one
 * are highlighted. The first {@link #MAX_LINES} lines are shown; the raw file has the rest.
 */
final class LogPage {
  private LogPage() {}

  static final long NEAR_MILLIS = 1000;
  static final int MAX_LINES = 50_000;

  /** A fault event: when, and what the control log said. */
  record Fault(Instant at, String text) {}

  static String render(String title, Path log, Path controlLog, String rawHref) throws IOException {
    List<Fault> faults = faults(controlLog);
    StringBuilder b = new StringBuilder("<p><a href=\"" + Html.esc(rawHref) + "\">raw file</a> &middot; ")
        .append(faults.size()).append(" fault events from control.log");
    for (int i = 0; i < faults.size(); i++) {
      b.append(i == 0 ? ": " : ", ").append("<a href=\"#fault-").append(i).append("\">").append(Html.esc(faults.get(i).text()))
          .append("</a>");
    }
    b.append("</p><div class=log>");
    int next = 0;
    int n = 0;
    try (BufferedReader r = reader(log)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (++n > MAX_LINES) {
          b.append("<div class=muted>... only the first ").append(MAX_LINES).append(" lines are shown; see the raw file</div>");
          break;
        }
        Instant at = timeOf(line);
        while (at != null && next < faults.size() && !faults.get(next).at().isAfter(at)) {
          b.append("<div class=fault id=\"fault-").append(next).append("\">&#9889; ").append(faults.get(next).at())
              .append(' ').append(Html.esc(faults.get(next).text())).append("</div>");
          next++;
        }
        boolean near = at != null && faults.stream().anyMatch(f -> Math.abs(f.at().toEpochMilli() - at.toEpochMilli()) <= NEAR_MILLIS);
        b.append(near ? "<div class=near>" : "<div>").append(Html.esc(line)).append("</div>");
      }
    }
    for (; next < faults.size(); next++) {
      b.append("<div class=fault id=\"fault-").append(next).append("\">&#9889; ").append(faults.get(next).at()).append(' ')
          .append(Html.esc(faults.get(next).text())).append(" (after the log's last line)</div>");
    }
    return Html.page(title, b.append("</div>").toString());
  }

  /** The nemesis events in {@code controlLog} (none if it is missing), in time order. */
  static List<Fault> faults(Path controlLog) throws IOException {
    List<Fault> out = new ArrayList<>();
    if (!Files.isRegularFile(controlLog)) {
      return out;
    }
    try (BufferedReader r = reader(controlLog)) {
      for (String line; (line = r.readLine()) != null; ) {
        int at = line.indexOf(" test: nemesis ");
        Instant t = timeOf(line);
        if (at >= 0 && t != null) {
          out.add(new Fault(t, line.substring(at + " test: nemesis ".length())));
        }
      }
    }
    return out;
  }

  /** A log line's leading ISO instant ({@code 2026-12-02T22:05:16.538Z ...}), or null. */
  static Instant timeOf(String line) {
    int space = line.indexOf(' ');
    if (space < 20 || space > 35 || line.charAt(space - 1) != 'Z') {
      return null;
    }
    try {
      return Instant.parse(line.substring(0, space));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** UTF-8, with malformed bytes replaced rather than failing the page. */
  private static BufferedReader reader(Path file) throws IOException {
    return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
  }
}
