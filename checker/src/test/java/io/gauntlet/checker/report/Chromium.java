package io.gauntlet.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's {@code chromium}, installed by .ci/run) taking a screenshot of a page.
 * Without chromium the test is skipped with a message, except under CI ({@code CI=true}) where it
 * must run.
 */
final class Chromium {
  private Chromium() {}

  static Path executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    String why = "chromium is not installed (apt-get install chromium, as .ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why + "; CI=true, so the screenshot test must run");
    }
    Assumptions.abort(why + ": screenshot test skipped");
    return null;
  }

  /** Screenshots {@code page} at width x height into {@code png}; fails with chromium's output. */
  static void screenshot(Path page, Path png, int width, int height, Path scratch) throws Exception {
    Path profile = Files.createDirectories(scratch.resolve("chromium-profile"));
    Path log = scratch.resolve("chromium.log");
    Process p = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
        "--screenshot=" + png, "--window-size=" + width + "," + height,
        page.toUri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium took over 60 s to screenshot " + page + "; its output:\n" + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), "chromium failed; its output:\n" + Files.readString(log));
    assertTrue(Files.size(png) > 0, "chromium wrote no screenshot; its output:\n" + Files.readString(log));
  }
}
