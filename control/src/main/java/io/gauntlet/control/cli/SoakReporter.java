package io.gauntlet.control.cli;

import java.io.PrintStream;

/**
 * The output contract shared by the {@code sim} soaks: a progress line (redrawn on a terminal,
 * every 5 s otherwise), failures printed whole between progress lines, and the last line
 * {@code <N> seeds passed in <T> s (<R> seeds/s)} or {@code <F> of <N> seeds failed in ...}.
 */
final class SoakReporter {
  private final PrintStream out;
  private final int total;
  private final long start = System.nanoTime();
  private final boolean tty = System.console() != null;
  private long lastPrint = start;

  SoakReporter(PrintStream out, int total) {
    this.out = out;
    this.total = total;
  }

  synchronized void progress(int done, int failed) {
    long now = System.nanoTime();
    boolean last = done == total;
    if (last || now - lastPrint > (tty ? 200_000_000L : 5_000_000_000L)) {
      lastPrint = now;
      double secs = (now - start) / 1e9;
      String line = String.format("[%d/%d] %d failed, %.1f s, %.1f seeds/s", done, total, failed, secs, done / secs);
      if (tty) {
        out.print("\r" + line + (last ? "\n" : ""));
      } else {
        out.println(line);
      }
    }
  }

  /** Prints a failure report on lines of its own. */
  synchronized void failure(Runnable print) {
    if (tty) {
      out.print("\r");
    }
    print.run();
  }

  /** Prints the last line; returns the exit code (0 only if nothing failed). */
  int finish(long failed) {
    double secs = (System.nanoTime() - start) / 1e9;
    if (failed > 0) {
      out.printf("%d of %d seeds failed in %.1f s (%.1f seeds/s)%n", failed, total, secs, total / secs);
      return 1;
    }
    out.printf("%d seeds passed in %.1f s (%.1f seeds/s)%n", total, secs, total / secs);
    return 0;
  }
}
