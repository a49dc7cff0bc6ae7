package io.gauntlet.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityChecker;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.Models;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LinearHtmlTest {
  @TempDir Path dir;

  /**
   * Writes of 1 then 2, two reads of 2, then a read of 1 that began after all of them ended: a
   * stale read, so the read of 1 cannot be linearized after the 4-call prefix.
   */
  static History stale() {
    return new HistoryRecorder()
        .invoke(0, "write", null, "1").ok(0, "1")
        .invoke(1, "write", null, "2").ok(1, "2")
        .invoke(2, "read", null, (String) null).invoke(0, "read", null, (String) null)
        .ok(2, "2").ok(0, "2")
        .invoke(1, "read", null, (String) null).ok(1, "1")
        .build();
  }

  static CheckResult check(History h) {
    Model m = Models.byName("register");
    return new LinearizabilityChecker(m, m.initialState(null), Budget.defaults()).check(h);
  }

  @Test
  void drawsTheCulpritRedAndThePrefixNumberedInOrder() throws Exception {
    CheckResult r = check(stale());
    assertEquals(Verdict.INVALID, r.verdict());
    String name = LinearHtml.write(r, "stale.jsonl", dir, 0);
    assertEquals("linear.html", name);
    assertEquals("linear-3.html", LinearHtml.write(r, "stale.jsonl", dir, 2));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(dir.resolve(name).toFile()); // well-formed
    List<String> bars = new ArrayList<>();
    String culpritFill = null;
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      String title = g.getElementsByTagName("title").item(0).getTextContent();
      String fill = ((Element) g.getElementsByTagName("rect").item(0)).getAttribute("fill");
      bars.add(g.getElementsByTagName("text").item(0).getTextContent());
      if (title.contains("cannot be linearized")) {
        culpritFill = fill;
        assertTrue(title.contains("process 1") && title.contains("result: 1"), title);
      }
    }
    assertNotNull(culpritFill, "the culprit is marked: " + bars);
    assertEquals("#e06666", culpritFill);
    int prefix = r.violation().prefix().size();
    assertTrue(prefix >= 3, "prefix " + r.violation().prefix());
    for (int k = 1; k <= prefix; k++) {
      final String tag = "#" + k + " ";
      assertTrue(bars.stream().anyMatch(b -> b.startsWith(tag)), "bar numbered " + tag + " in " + bars);
    }
    assertTrue(bars.contains("\u2717 read() -> 1"), bars.toString());
    String text = doc.getDocumentElement().getTextContent();
    assertTrue(text.contains("States the object may be in after the prefix"), text);
    assertTrue(text.contains(r.violation().prefixStates().get(0).toString()), text);
  }

  @Test
  void chromiumShowsTheCulpritInRed() throws Exception {
    Chromium.executable();
    Path page = dir.resolve("linear.html");
    LinearHtml.write(check(stale()).violation(), "stale.jsonl", page);
    Path png = dir.resolve("linear.png");
    Chromium.screenshot(page, png, 1000, 700, dir);
    BufferedImage img = Images.read(png);
    Images.assertHasContent(img, "linear.html screenshot " + png, 0.95, 20);
    assertTrue(Images.pixelsNear(img, 0xE06666, 10) > 300, "culprit bar in red");
    assertTrue(Images.pixelsNear(img, 0x93C47D, 10) > 600, "linearized bars in green");
  }
}
