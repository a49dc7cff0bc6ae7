package io.gauntlet.checker.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.Seeds;
import io.gauntlet.checker.history.History;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** timeline.html opened in headless Chromium: a 100k-call campaign draws; a call's details show. */
class TimelineScreenshotTest {
  @TempDir Path dir;

  static final int OK_GREEN = 0x6AA84F; // COLORS[0] in timeline.html
  static final int INFO_ORANGE = 0xF6B26B;

  @Test
  void chromiumDrawsTheTimelineOfAHundredThousandCalls() throws Exception {
    Path chromium = Chromium.executable();
    long seed = Seeds.base();
    History h = CampaignHistories.campaign(seed, 10, 100_000, 60);
    Path page = dir.resolve("timeline.html");
    TimelineHtml.write(h, "campaign of 100k calls", page);
    Path png = dir.resolve("timeline.png");
    Chromium.screenshot(page, png, 1200, 800, dir);
    BufferedImage img = Images.read(png);
    String where = "screenshot " + png + " by " + chromium + ", " + Seeds.replay(seed);
    Images.assertSize(img, 1200, 800, where);
    Images.assertHasContent(img, where, 0.85, 50);
    assertTrue(Images.pixelsNear(img, OK_GREEN, 12) > 20_000, "ok calls drawn in green: " + where);
    assertTrue(Images.pixelsNear(img, INFO_ORANGE, 12) > 50, "timed-out calls drawn in orange: " + where);
  }

  @Test
  void aCallNamedInTheAddressIsShownWithItsDetails() throws Exception {
    Chromium.executable();
    History h = new io.gauntlet.checker.history.HistoryRecorder()
        .at(1_000_000).invoke(0, "write", null, "1")
        .at(2_000_000).invoke(1, "cas", null, "[1, 2]")
        .at(5_000_000).ok(0, "1")
        .at(9_000_000).info(1, "timeout")
        .build();
    Path page = dir.resolve("timeline.html");
    TimelineHtml.write(h, "two calls", page);
    String dom = Chromium.dumpDom(page.toUri() + "#call=1", dir);
    int tip = dom.indexOf("id=\"tip\"");
    assertTrue(tip > 0, dom);
    String shown = dom.substring(tip, dom.indexOf("</div>", tip));
    assertTrue(shown.contains("display: block"), "details shown: " + shown);
    assertTrue(shown.contains("process 1  cas  -&gt; info") && shown.contains("argument: [1,2]")
        && shown.contains("error:    timeout") && shown.contains("latency 7 ms"), shown);
  }
}
