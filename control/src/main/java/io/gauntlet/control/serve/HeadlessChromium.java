package io.gauntlet.control.serve;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) as {@code bench serve} and the browser test drive
 * it: the DOM of a page after its scripts ran, or a screenshot. Each call is a fresh process with
 * its own profile folder under {@code scratch}; 5 s of virtual time lets scripts and frames finish.
 */
public final class HeadlessChromium {
  private final Path executable;
  private final Path scratch;

  private HeadlessChromium(Path executable, Path scratch) {
    this.executable = executable;
    this.scratch = scratch;
  }

  /** chromium (or chromium-browser) from PATH, if there is one. */
  public static Optional<HeadlessChromium> find(Path scratch) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(new HeadlessChromium(Path.of(dir, name), scratch));
        }
      }
    }
    return Optional.empty();
  }

  /** The serialized DOM of {@code url} once loaded. */
  public String dom(String url) throws IOException, InterruptedException {
    Path out = scratch.resolve("dom-" + System.nanoTime() + ".html");
    run(out, "--virtual-time-budget=5000", "--dump-dom", url);
    return Files.readString(out);
  }

  /** Screenshots {@code url} at {@code width} x {@code height} into a PNG file; returns it. */
  public Path screenshot(String url, int width, int height) throws IOException, InterruptedException {
    Path png = scratch.resolve("shot-" + System.nanoTime() + ".png");
    run(scratch.resolve("shot.log"), "--virtual-time-budget=5000", "--screenshot=" + png, "--window-size=" + width + "," + height, url);
    return png;
  }

  private void run(Path stdout, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-sync", "--disable-background-networking", "--disable-component-update",
        "--hide-scrollbars", "--user-data-dir=" + Files.createDirectories(scratch.resolve("chromium-profile"))));
    cmd.addAll(List.of(args));
    Path stderr = scratch.resolve("chromium-stderr.log");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("chromium ran over 90 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IOException("chromium failed (exit " + p.exitValue() + "): " + cmd + "\n" + Files.readString(stderr));
    }
  }
}
