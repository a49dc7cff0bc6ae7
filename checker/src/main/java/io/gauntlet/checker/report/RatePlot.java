package io.gauntlet.checker.report;

import io.gauntlet.checker.history.OpType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code rate.png}: completed calls per second over time, one line per function and outcome
 * (colour = outcome, marker = function), each point the count in a time bucket divided by the
 * bucket's width. Nemesis intervals are shaded, so a drop in ok throughput during a partition shows.
 */
final class RatePlot {
  private RatePlot() {}

  /** One function's completions of one outcome, as rates per bucket. */
  private record Line(String f, OpType outcome, double[] xs, double[] rates, int calls) {}

  static void write(Latencies lat, List<NemesisIntervals.Interval> nemesis, String title, Path file)
      throws IOException {
    Buckets buckets = Buckets.covering(lat.end);
    XYChart chart = Plots.chart("Throughput (completed calls per second, buckets of "
        + LatencyPlots.seconds(buckets.widthSeconds()) + ")" + title, "calls / s");
    List<Line> lines = new ArrayList<>();
    double max = 0;
    for (Map.Entry<String, List<Latencies.Point>> e : lat.byF.entrySet()) {
      for (OpType outcome : new OpType[] {OpType.OK, OpType.INFO, OpType.FAIL}) {
        double[] counts = new double[buckets.count];
        int n = 0;
        for (Latencies.Point p : e.getValue()) {
          if (p.outcome() == outcome) {
            counts[buckets.of(p.time() + p.latency())]++;
            n++;
          }
        }
        if (n == 0) {
          continue;
        }
        double[] xs = new double[buckets.count];
        for (int b = 0; b < buckets.count; b++) {
          xs[b] = buckets.midSeconds(b);
          counts[b] /= buckets.widthSeconds();
          max = Math.max(max, counts[b]);
        }
        lines.add(new Line(e.getKey(), outcome, xs, counts, n));
      }
    }
    double top = Math.max(1, max * 1.1);
    chart.getStyler().setYAxisDecimalPattern("#,##0.##"); // 350,000, not 3.5E5
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(top);
    chart.getStyler().setXAxisMax(Math.max(buckets.count * buckets.widthSeconds(), 1e-6));
    Plots.shade(chart, nemesis, 0, top);
    for (Line l : lines) {
      XYSeries s = chart.addSeries(l.f() + " " + l.outcome().json() + " (" + l.calls() + ")", l.xs(), l.rates());
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      Plots.lineStyle(s, Plots.color(l.outcome()), Plots.marker(lat.fIndex(l.f())));
    }
    if (lines.isEmpty()) {
      XYSeries s = chart.addSeries("no completed client calls", new double[] {0}, new double[] {0});
      s.setMarker(SeriesMarkers.NONE);
    }
    Plots.save(chart, file);
  }
}
