package io.gauntlet.checker.report;

import io.gauntlet.checker.history.OpType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code latency-raw.png}: every completed call as a point (x = invoke time, y = latency),
 * coloured by outcome, shaped by function; and {@code latency-quantiles.png}: per time bucket and
 * function, the p50/p95/p99/max latency. Nemesis intervals are shaded on both. Latency is in
 * milliseconds on a log axis when it spans more than two decades (as Jepsen draws it), so a slow
 * tail and the fast bulk are both readable.
 */
final class LatencyPlots {
  private static final double[] QUANTILES = {50, 95, 99, 100};
  private static final String[] QUANTILE_NAMES = {"p50", "p95", "p99", "max"};
  private static final java.awt.Color[] QUANTILE_COLORS = {
    new java.awt.Color(40, 100, 200), new java.awt.Color(30, 160, 90),
    new java.awt.Color(240, 140, 20), new java.awt.Color(210, 40, 40)
  };

  private LatencyPlots() {}

  static void writeRaw(Latencies lat, List<NemesisIntervals.Interval> nemesis, String title, Path file)
      throws IOException {
    XYChart chart = Plots.chart("Latency of each call" + title, "latency (ms)");
    Axis axis = axis(chart, lat);
    Plots.shade(chart, nemesis, axis.floor(), axis.top());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(lat.byF.values().stream().mapToInt(List::size).sum() > 20_000 ? 3 : 5);
    boolean any = false;
    for (Map.Entry<String, List<Latencies.Point>> e : lat.byF.entrySet()) {
      for (OpType outcome : new OpType[] {OpType.OK, OpType.INFO, OpType.FAIL}) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Latencies.Point p : e.getValue()) {
          if (p.outcome() == outcome) {
            xs.add(p.time() / 1e9);
            ys.add(axis.y(p.latency() / 1e6));
          }
        }
        if (xs.isEmpty()) {
          continue;
        }
        XYSeries s = chart.addSeries(e.getKey() + " " + outcome.json() + " (" + xs.size() + ")", xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(Plots.marker(lat.fIndex(e.getKey())));
        s.setMarkerColor(Plots.color(outcome));
        any = true;
      }
    }
    finish(chart, lat, any);
    Plots.save(chart, file);
  }

  static void writeQuantiles(Latencies lat, List<NemesisIntervals.Interval> nemesis, String title,
      Path file) throws IOException {
    Buckets buckets = Buckets.covering(lat.end);
    XYChart chart = Plots.chart("Latency quantiles per " + seconds(buckets.widthSeconds()) + title,
        "latency (ms)");
    Axis axis = axis(chart, lat);
    Plots.shade(chart, nemesis, axis.floor(), axis.top());
    boolean any = false;
    for (Map.Entry<String, List<Latencies.Point>> e : lat.byF.entrySet()) {
      Histogram[] hs = new Histogram[buckets.count];
      for (Latencies.Point p : e.getValue()) {
        int b = buckets.of(p.time());
        if (hs[b] == null) {
          hs[b] = new Histogram(3);
        }
        hs[b].recordValue(Math.max(0, p.latency()));
      }
      for (int q = 0; q < QUANTILES.length; q++) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int b = 0; b < hs.length; b++) {
          if (hs[b] != null) {
            xs.add(buckets.midSeconds(b));
            ys.add(axis.y((q == QUANTILES.length - 1 ? hs[b].getMaxValue()
                : hs[b].getValueAtPercentile(QUANTILES[q])) / 1e6));
          }
        }
        if (xs.isEmpty()) {
          continue;
        }
        XYSeries s = chart.addSeries(e.getKey() + " " + QUANTILE_NAMES[q], xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        Plots.lineStyle(s, QUANTILE_COLORS[q], Plots.marker(lat.fIndex(e.getKey())));
        any = true;
      }
    }
    finish(chart, lat, any);
    Plots.save(chart, file);
  }

  /**
   * The y axis: log when latencies span over two decades, else linear from 0. The log axis starts
   * at a power of ten no higher than 1 ms, because XChart fills areas (the nemesis shading) towards
   * the value 1: see {@link Plots#shade}.
   */
  private record Axis(double floor, double top) {
    /** The plotted value of a latency in ms (zero latencies sit on the floor). */
    double y(double ms) {
      return Math.max(floor, ms);
    }
  }

  private static Axis axis(XYChart chart, Latencies lat) {
    chart.getStyler().setYAxisDecimalPattern("#,##0.######"); // 0.0001, not 1E-4
    double max = Math.max(lat.maxLatency() / 1e6, 1e-3);
    double minPositive = Double.MAX_VALUE;
    for (List<Latencies.Point> ps : lat.byF.values()) {
      for (Latencies.Point p : ps) {
        if (p.latency() > 0) {
          minPositive = Math.min(minPositive, p.latency() / 1e6);
        }
      }
    }
    if (minPositive != Double.MAX_VALUE && max / minPositive > 100) {
      double floor = Math.min(1, Math.pow(10, Math.floor(Math.log10(minPositive))));
      double top = Math.pow(10, Math.ceil(Math.log10(max * 1.05)));
      chart.getStyler().setYAxisLogarithmic(true);
      chart.getStyler().setYAxisMin(floor);
      chart.getStyler().setYAxisMax(top);
      return new Axis(floor, top);
    }
    double top = max * 1.1;
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(top);
    return new Axis(0, top);
  }

  private static void finish(XYChart chart, Latencies lat, boolean any) {
    chart.getStyler().setXAxisMax(Math.max(lat.end / 1e9, 1e-6));
    if (!any) {
      // XChart cannot draw a chart without data; say why it is empty instead.
      XYSeries s = chart.addSeries("no completed client calls", new double[] {0}, new double[] {0});
      s.setMarker(SeriesMarkers.NONE);
    }
  }

  static String seconds(double s) {
    if (s >= 1) {
      return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }
    double ms = s * 1000;
    if (ms >= 1) {
      return (ms == Math.rint(ms) ? Long.toString((long) ms) : String.format("%.1f", ms)) + " ms";
    }
    return String.format("%.0f us", s * 1e6);
  }
}
