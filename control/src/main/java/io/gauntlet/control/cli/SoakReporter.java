package io.gauntlet.control.cli;

import io.gauntlet.system.sim.Soak;
import java.io.PrintStream;
import java.util.List;

/**
 * What every {@code gauntlet sim ...} soak prints: a progress line (redrawn on a terminal, every
 * 5 s otherwise), one block per failing seed with the command that replays it, and the last line
 * {@code <N> seeds passed in <T> s (<R> seeds/s)} (or how many failed). Thread-safe.
 */
final class SoakReporter {
  private final PrintStream out;
  private final int seeds;
  private final long start = System.nanoTime();
  private final boolean tty = System.console() != null;
  private long lastPrint = start;

  SoakReporter(PrintStream out, int seeds) {
    this.out = out;
    this.seeds = seeds;
  }

  Soak.Progress progress() {
    return (done, failed) -> {
      synchronized (this) {
        long now = System.nanoTime();
        boolean last = done == seeds;
        if (last || now - lastPrint > (tty ? 200_000_000L : 5_000_000_000L)) {
          lastPrint = now;
          double secs = (now - start) / 1e9;
          String line = String.format("[%d/%d] %d failed, %.1f s, %.1f seeds/s", done, seeds, failed, secs, done / secs);
          if (tty) {
            out.print("\r" + line + (last ? "\n" : ""));
          } else {
            out.println(line);
          }
        }
      }
    };
  }

  /** Prints one failing seed: a headline, its details (indented) and how to replay it. */
  synchronized void failure(String headline, String detail, String replay) {
    if (tty) {
      out.print("\r");
    }
    out.println("FAIL " + headline);
    if (detail != null && !detail.isBlank()) {
      out.println("  " + detail.strip().replace("\n", "\n  "));
    }
    out.println("  replay: " + replay);
  }

  /** Prints the last line; returns the exit code (0 only if every seed passed). */
  int finish(List<? extends Soak.Outcome> outcomes) {
    double secs = (System.nanoTime() - start) / 1e9;
    long failed = outcomes.stream().filter(o -> !o.passed()).count();
    if (failed > 0) {
      out.printf("%d of %d seeds failed in %.1f s (%.1f seeds/s)%n", failed, seeds, secs, seeds / secs);
      return 1;
    }
    out.printf("%d seeds passed in %.1f s (%.1f seeds/s)%n", seeds, secs, seeds / secs);
    return 0;
  }
}
