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
    Path log = run(scratch, List.of("--screenshot=" + png, "--window-size=" + width + "," + height,
        page.toUri().toString()), scratch.resolve("chromium.log"));
    assertTrue(Files.size(png) > 0, "chromium wrote no screenshot; its output:\n" + Files.readString(log));
  }

  /** The page's DOM after its scripts ran ({@code url} may carry a #fragment). */
  static String dumpDom(String url, Path scratch) throws Exception {
    Path dom = scratch.resolve("dom.html");
    run(scratch, List.of("--window-size=1200,800", "--dump-dom", url), dom);
    return Files.readString(dom);
  }

  /** Runs chromium headless with {@code args}, its stdout (and stderr) to {@code out}. */
  private static Path run(Path scratch, List<String> args, Path out) throws Exception {
    Path profile = Files.createDirectories(scratch.resolve("chromium-profile"));
    Path errors = scratch.resolve("chromium-stderr.log");
    List<String> cmd = new java.util.ArrayList<>(List.of(executable().toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(errors.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium took over 60 s: " + cmd + "; its errors:\n" + Files.readString(errors));
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + cmd + "; its errors:\n" + Files.readString(errors));
    return out;
  }
}
