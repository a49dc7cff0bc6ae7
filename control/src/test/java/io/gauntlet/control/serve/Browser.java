package io.gauntlet.control.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium against the running server: the DOM after the page's scripts ran, and
 * screenshots. Without chromium the test is skipped, except under CI=true (.ci/run installs it),
 * where a missing browser fails the test rather than hiding it.
 */
final class Browser {
  private final Path chromium;
  private final Path scratch;

  private Browser(Path chromium, Path scratch) {
    this.chromium = chromium;
    this.scratch = scratch;
  }

  static Browser find(Path scratch) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return new Browser(Path.of(dir, name), scratch);
        }
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("chromium is not on PATH, and under CI=true the browser test must run (.ci/run installs it)");
    }
    Assumptions.abort("chromium is not on PATH (apt-get install chromium): browser test skipped");
    return null;
  }

  /** The serialized DOM of {@code url} once loaded (5 s of virtual time for scripts and frames). */
  String dom(String url) throws Exception {
    Path out = scratch.resolve("dom-" + System.nanoTime() + ".html");
    chromium(out, "--virtual-time-budget=5000", "--dump-dom", url);
    return Files.readString(out);
  }

  /** A screenshot of {@code url} at {@code width} x {@code height}. */
  BufferedImage screenshot(String url, int width, int height) throws Exception {
    Path png = scratch.resolve("shot-" + System.nanoTime() + ".png");
    chromium(scratch.resolve("shot.log"), "--virtual-time-budget=5000", "--screenshot=" + png,
        "--window-size=" + width + "," + height, url);
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "chromium wrote no decodable screenshot of " + url);
    return img;
  }

  /** Fails unless the image has content: no colour covers 97% of it and at least 16 colours occur. */
  static void assertNotBlank(BufferedImage img, String what) {
    int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
    for (int p : px) {
      counts.merge(p & 0xFFFFFF, 1, Integer::sum);
    }
    int top = counts.values().stream().max(Integer::compare).orElse(px.length);
    assertTrue(top < 0.97 * px.length, what + " is nearly blank: one colour covers " + top + " of " + px.length);
    assertTrue(counts.size() >= 16, what + " has only " + counts.size() + " colours");
  }

  private void chromium(Path stdout, String... args) throws Exception {
    Set<String> flags = new HashSet<>(List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-sync", "--disable-background-networking", "--disable-component-update", "--hide-scrollbars"));
    List<String> cmd = new ArrayList<>();
    cmd.add(chromium.toString());
    cmd.addAll(flags);
    cmd.add("--user-data-dir=" + Files.createDirectories(scratch.resolve("profile")));
    cmd.addAll(List.of(args));
    Path stderr = scratch.resolve("chromium-stderr.log");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium ran over 90 s: " + cmd);
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + cmd + "\n" + Files.readString(stderr));
  }
}
