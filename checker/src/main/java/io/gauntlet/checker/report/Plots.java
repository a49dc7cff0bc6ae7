package io.gauntlet.checker.report;

import io.gauntlet.checker.history.OpType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What the three plots share: size, fonts, the outcome colours (as Jepsen draws them: ok blue, info
 * orange, fail red), one marker shape per function, nemesis shading, and writing the PNG.
 */
final class Plots {
  static final int WIDTH = 1200;
  static final int HEIGHT = 600;
  private static final Marker[] MARKERS = {
    SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
    SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL
  };

  private Plots() {}

  static Color color(OpType outcome) {
    return switch (outcome) {
      case OK -> new Color(40, 100, 200);
      case INFO -> new Color(240, 140, 20);
      case FAIL -> new Color(210, 40, 40);
      case INVOKE -> Color.GRAY;
    };
  }

  /** The marker for the {@code i}-th function of a history. */
  static Marker marker(int i) {
    return MARKERS[i % MARKERS.length];
  }

  static XYChart chart(String title, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("time since test start (s)").yAxisTitle(yTitle).build();
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotGridLinesColor(new Color(225, 225, 225));
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setAntiAlias(true);
    chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,##0.###");
    return chart;
  }

  /** Fault colours (translucent fills), one per fault name in order of first appearance. */
  private static final Color[] FAULT_COLORS = {
    new Color(255, 170, 60), new Color(150, 80, 200), new Color(40, 160, 90), new Color(200, 60, 120),
    new Color(60, 150, 200), new Color(140, 110, 60)
  };
  /** Above this many intervals the bands are not labelled one by one (the legend still names them). */
  static final int MAX_LABELS = 40;

  /**
   * Shades each nemesis interval as a translucent band over the whole plot height, from {@code
   * yBottom} to {@code yTop} (the y-axis limits, which callers fix), says which fault it was: one
   * colour per fault with a legend entry {@code nemesis: <fault>}, and the fault's name written at
   * the top of each band. XChart fills an area series between its line and the value 0, or 1 on a
   * log axis; so on a log axis whose bottom is below 1 a second area, from the bottom up to 1,
   * completes the band. Call before adding data so the data draws on top.
   *
   * @return the labels written on the bands, in order (empty above {@link #MAX_LABELS} intervals)
   */
  static List<String> shade(XYChart chart, List<NemesisIntervals.Interval> intervals, double yBottom, double yTop) {
    boolean log = chart.getStyler().isYAxisLogarithmic();
    boolean logBelowOne = log && yBottom < 1;
    java.util.Map<String, Color> colors = new java.util.LinkedHashMap<>();
    List<String> labels = new java.util.ArrayList<>();
    double labelY = log ? yTop / Math.pow(yTop / Math.max(yBottom, 1e-12), 0.04) : yTop - (yTop - yBottom) * 0.04;
    int n = 0;
    for (NemesisIntervals.Interval iv : intervals) {
      double a = iv.start() / 1e9;
      double b = Math.max(iv.end() / 1e9, a + 1e-6);
      boolean first = !colors.containsKey(iv.name());
      Color c = colors.computeIfAbsent(iv.name(), k -> FAULT_COLORS[colors.size() % FAULT_COLORS.length]);
      band(chart, first ? "nemesis: " + iv.name() : "nemesis " + n, a, b, yTop, first, c);
      if (logBelowOne) {
        band(chart, "nemesis " + n + " (below 1)", a, b, yBottom, false, c);
      }
      if (intervals.size() <= MAX_LABELS) {
        AnnotationText label = new AnnotationText(iv.name(), (a + b) / 2, labelY, false);
        chart.addAnnotation(label);
        labels.add(iv.name());
      }
      n++;
    }
    if (!labels.isEmpty()) {
      chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      chart.getStyler().setAnnotationTextFontColor(new Color(90, 60, 20));
    }
    return labels;
  }

  private static void band(XYChart chart, String name, double a, double b, double y, boolean legend, Color c) {
    XYSeries s = chart.addSeries(name, new double[] {a, b}, new double[] {y, y});
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    s.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 55));
    s.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 160));
    s.setMarker(SeriesMarkers.NONE);
    s.setShowInLegend(legend);
  }

  static void lineStyle(XYSeries s, Color c, Marker m) {
    s.setLineColor(c);
    s.setMarkerColor(c);
    s.setMarker(m);
    s.setLineStyle(new BasicStroke(1.5f));
  }

  /** Writes the chart as a PNG, via a temporary file so a crash leaves no half-written image. */
  static void save(XYChart chart, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp.png");
    try {
      BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
