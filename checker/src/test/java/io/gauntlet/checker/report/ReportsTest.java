package io.gauntlet.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gauntlet.checker.Seeds;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportsTest {
  @TempDir Path dir;

  static final int OK_BLUE = 0x2864C8; // Plots.color(OK)
  static final int SHADE_ON_WHITE = 0xFFEBD4; // the first fault's shade blended over white (approx.)
  static final int LABEL_BROWN = 0x5A3C14; // the fault names written on the bands

  @Test
  void plotsOfACampaignShowEachOutcomeAndTheNemesis() throws Exception {
    long seed = Seeds.base();
    History h = CampaignHistories.campaign(seed, 5, 3000, 30);
    List<Path> files = Reports.writeAll(h, dir, "campaign.jsonl");
    assertEquals(Reports.FILES, files.stream().map(p -> p.getFileName().toString()).toList());
    for (String png : List.of("latency-raw.png", "latency-quantiles.png", "rate.png")) {
      BufferedImage img = Images.read(dir.resolve(png));
      Images.assertSize(img, Plots.WIDTH, Plots.HEIGHT, png);
      Images.assertHasContent(img, png + " " + Seeds.replay(seed), 0.9, 20);
      assertTrue(Images.pixelsNear(img, OK_BLUE, 20) > 200, png + ": ok calls drawn in blue, "
          + Seeds.replay(seed));
      assertTrue(Images.pixelsNear(img, SHADE_ON_WHITE, 6) > 5_000, png + ": the partition is shaded, "
          + Seeds.replay(seed));
      assertTrue(Images.pixelsNear(img, LABEL_BROWN, 30) > 15, png + ": the band is labelled, "
          + Seeds.replay(seed));
    }
    try (var s = Files.list(dir)) {
      assertEquals(4, s.count(), "no temporary files left behind");
    }
    JsonNode data = timelineData(dir.resolve("timeline.html"));
    assertEquals(h.calls().size() + h.nemesisCalls().size(), data.get("lane").size(),
        "every call on the timeline, " + Seeds.replay(seed));
    assertEquals(1, data.get("nemesis").size(), "the partition as one band");
  }

  @Test
  void plotsOfAHistoryWithoutCallsStillRender() throws Exception {
    History empty = new HistoryRecorder().build();
    Reports.writeAll(empty, dir);
    for (String png : List.of("latency-raw.png", "latency-quantiles.png", "rate.png")) {
      Images.assertSize(Images.read(dir.resolve(png)), Plots.WIDTH, Plots.HEIGHT, png);
    }
    assertEquals(0, timelineData(dir.resolve("timeline.html")).get("lane").size());
  }

  @Test
  void timelineIsWellFormedAndHoldsEveryCallWithItsDetails() throws Exception {
    History h = new HistoryRecorder()
        .at(1_000).invoke(0, "write", null, "\"<b>&amp;]]></script>\"")
        .at(2_000).invoke(1, "read", null, (String) null)
        .at(3_000).ok(0, "\"<b>&amp;]]></script>\"")
        .at(4_000).info(1, "timeout")
        .at(5_000).invoke(2, "read", null, (String) null)
        .build();
    Path file = dir.resolve("timeline.html");
    TimelineHtml.write(h, "a <tricky> & title", file);
    JsonNode data = timelineData(file);
    assertEquals(3, data.get("lane").size(), "one entry per call");
    assertEquals("\"<b>&amp;]]></script>\"", data.get("arg").get(0).textValue());
    assertEquals("timeout", data.get("err").get(1).textValue());
    assertEquals(-1, data.get("end").get(2).longValue(), "a call never answered has no end");
    assertEquals(List.of(0, 2, 2), List.of(data.get("outcome").get(0).intValue(),
        data.get("outcome").get(1).intValue(), data.get("outcome").get(2).intValue()),
        "ok, info, and no answer drawn as info");
    String html = Files.readString(file);
    assertTrue(html.contains("a &lt;tricky&gt; &amp; title"), "title escaped");
    assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "no external resources");
  }

  @Test
  void eachFaultIsNamedOnItsBandAndInTheLegend() {
    org.knowm.xchart.XYChart chart = Plots.chart("t", "ms");
    List<NemesisIntervals.Interval> faults = List.of(
        new NemesisIntervals.Interval("partition", 1_000_000_000L, 2_000_000_000L, ""),
        new NemesisIntervals.Interval("kill", 3_000_000_000L, 3_500_000_000L, "n2"),
        new NemesisIntervals.Interval("partition", 4_000_000_000L, 5_000_000_000L, ""));
    assertEquals(List.of("partition", "kill", "partition"), Plots.shade(chart, faults, 0, 100));
    var legend = chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend())
        .map(s -> s.getName()).toList();
    assertEquals(List.of("nemesis: partition", "nemesis: kill"), legend, "one legend entry per fault");
    assertTrue(!chart.getSeriesMap().get("nemesis: partition").getFillColor()
        .equals(chart.getSeriesMap().get("nemesis: kill").getFillColor()), "a colour per fault");
  }

  /** Parses the page as XML (so it is well-formed) and returns its embedded data. */
  static JsonNode timelineData(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(file.toFile());
    var scripts = doc.getElementsByTagName("script");
    for (int i = 0; i < scripts.getLength(); i++) {
      Element e = (Element) scripts.item(i);
      if ("data".equals(e.getAttribute("id"))) {
        return new ObjectMapper().readTree(e.getTextContent().getBytes(StandardCharsets.UTF_8));
      }
    }
    throw new AssertionError("no data script in " + file);
  }
}
