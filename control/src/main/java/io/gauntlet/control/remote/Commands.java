package io.gauntlet.control.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs local commands (ip, iptables, kill) with a bounded wait, failing with their output. */
public final class Commands {
  private Commands() {}

  /** Runs {@code cmd}; returns its output; throws naming the command and its output if it fails. */
  public static String run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("'" + String.join(" ", cmd) + "' did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running '" + String.join(" ", cmd) + "'");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.exitValue() != 0) {
      throw new IOException("'" + String.join(" ", cmd) + "' exited " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
    }
    return out;
  }

  /** Runs {@code cmd} and ignores failure (for cleanup of things that may not exist). */
  public static void quietly(List<String> cmd) {
    try {
      run(cmd);
    } catch (IOException e) {
      // nothing to clean
    }
  }

  /** Whether {@code tool} is on the PATH. */
  public static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
