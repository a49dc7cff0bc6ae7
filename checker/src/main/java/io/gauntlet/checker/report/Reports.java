package io.gauntlet.checker.report;

import io.gauntlet.checker.history.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The reports drawn from any history (no model needed), as named in docs/history-format.md's result
 * bundle: {@code latency-raw.png}, {@code latency-quantiles.png}, {@code rate.png} and {@code
 * timeline.html}. {@link LinearHtml} draws a linearizability violation beside them.
 */
public final class Reports {
  /** The files {@link #writeAll} writes, in order. */
  public static final List<String> FILES =
      List.of("latency-raw.png", "latency-quantiles.png", "rate.png", "timeline.html");

  private Reports() {}

  /** Writes every report of {@code history} into {@code dir} (created if needed). */
  public static List<Path> writeAll(History history, Path dir) throws IOException {
    return writeAll(history, dir, "history");
  }

  /**
   * Writes every report into {@code dir}; {@code name} (e.g. the history file's path) appears in
   * titles so a plot cut out of its folder still says what it shows.
   */
  public static List<Path> writeAll(History history, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Latencies lat = new Latencies(history);
    List<NemesisIntervals.Interval> nemesis = NemesisIntervals.of(history);
    String suffix = " - " + name;
    LatencyPlots.writeRaw(lat, nemesis, suffix, dir.resolve(FILES.get(0)));
    LatencyPlots.writeQuantiles(lat, nemesis, suffix, dir.resolve(FILES.get(1)));
    RatePlot.write(lat, nemesis, suffix, dir.resolve(FILES.get(2)));
    TimelineHtml.write(history, name, dir.resolve(FILES.get(3)));
    return FILES.stream().map(dir::resolve).toList();
  }
}
