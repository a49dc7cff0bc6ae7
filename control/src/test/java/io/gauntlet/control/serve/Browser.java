package io.gauntlet.control.serve;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * The browser test's view of {@link HeadlessChromium}: without chromium the test is skipped, except
 * under CI=true (.ci/run installs it), where a missing browser fails the test rather than hiding it.
 */
final class Browser {
  private Browser() {}

  static HeadlessChromium find(Path scratch) {
    var found = HeadlessChromium.find(scratch);
    if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("chromium is not on PATH, and under CI=true the browser test must run (.ci/run installs it)");
    }
    Assumptions.assumeTrue(found.isPresent(), "chromium is not on PATH (apt-get install chromium): browser test skipped");
    return found.get();
  }

  static BufferedImage screenshot(HeadlessChromium chromium, String url, int width, int height) throws Exception {
    Path png = chromium.screenshot(url, width, height);
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "chromium wrote no decodable screenshot of " + url);
    return img;
  }

  /** Fails unless the image has content: no colour covers 97% of it and at least 16 colours occur. */
  static void assertNotBlank(BufferedImage img, String what) {
    int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    Map<Integer, Integer> counts = new HashMap<>();
    for (int p : px) {
      counts.merge(p & 0xFFFFFF, 1, Integer::sum);
    }
    int top = counts.values().stream().max(Integer::compare).orElse(px.length);
    assertTrue(top < 0.97 * px.length, what + " is nearly blank: one colour covers " + top + " of " + px.length);
    assertTrue(counts.size() >= 16, what + " has only " + counts.size() + " colours");
  }
}
