package io.gauntlet.control.testbed;

import io.gauntlet.workloads.live.OpStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one-line progress display: elapsed time, calls ok / fail / info, the active fault. Redrawn in
 * place on a terminal; a line every 5 s otherwise (CI logs).
 */
final class Progress {
  private final PrintStream out;
  private final long t0;
  private final Duration limit;
  private final OpStats stats;
  private final Supplier<String> fault;
  private final boolean tty = System.console() != null;
  private volatile String phase = "";
  private volatile boolean stopped;
  private Thread thread;

  Progress(PrintStream out, long t0, Duration limit, OpStats stats, Supplier<String> fault) {
    this.out = out;
    this.t0 = t0;
    this.limit = limit;
    this.stats = stats;
    this.fault = fault;
  }

  void start() {
    thread = new Thread(() -> {
      long n = 0;
      while (!stopped) {
        if (tty || n % 5 == 0) {
          draw();
        }
        n++;
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "progress");
    thread.setDaemon(true);
    thread.start();
  }

  void phase(String p) {
    phase = p;
    draw();
  }

  private synchronized void draw() {
    long s = (System.nanoTime() - t0) / 1_000_000_000L;
    String f = fault.get();
    String line = String.format("[%3ds/%ds] ok %d  fail %d  info %d  %s", s, limit.toSeconds(), stats.ok.get(),
        stats.fail.get(), stats.info.get(), !phase.isEmpty() ? "| " + phase : f.isEmpty() ? "| no fault" : "| fault: " + f);
    if (tty) {
      out.print("\r" + line + "    ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  void stop() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
    }
    if (tty) {
      out.println();
    }
  }
}
