package io.gauntlet.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Assertions on rendered images: decoded, of the expected size, and with real content. */
final class Images {
  private Images() {}

  static BufferedImage read(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, png + " is not a decodable image");
    return img;
  }

  /** Pixel counts per RGB colour. */
  static Map<Integer, Integer> histogram(BufferedImage img) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        counts.merge(img.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** Pixels whose colour is close to {@code rgb} (each channel within {@code tolerance}). */
  static int pixelsNear(BufferedImage img, int rgb, int tolerance) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        if (Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) <= tolerance
            && Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255)) <= tolerance
            && Math.abs((p & 255) - (rgb & 255)) <= tolerance) {
          n++;
        }
      }
    }
    return n;
  }

  /** Not blank: no single colour covers more than {@code maxShare} of it, and many colours occur. */
  static void assertHasContent(BufferedImage img, String what, double maxShare, int minColors) {
    Map<Integer, Integer> h = histogram(img);
    int total = img.getWidth() * img.getHeight();
    int top = h.values().stream().mapToInt(Integer::intValue).max().orElse(total);
    assertTrue(top < maxShare * total, what + ": one colour covers " + top + " of " + total + " pixels");
    assertTrue(h.size() >= minColors, what + ": only " + h.size() + " distinct colours");
  }

  static void assertSize(BufferedImage img, int w, int h, String what) {
    assertEquals(w + "x" + h, img.getWidth() + "x" + img.getHeight(), what + " size");
  }
}
