package io.gauntlet.control.testbed;

import io.gauntlet.workloads.live.OpStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one-line progress display: elapsed time, calls ok / fail / info, the active fault. Redrawn in
 * place on a terminal; a line every 5 s otherwise (CI logs). The same figures go each second to the
 * bundle's live.json, which {@code gauntlet serve} shows while the test runs; {@link #stop} marks
 * it finished (the history is being checked; results.json follows).
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
  private final Path live;
  private Thread thread;

  Progress(PrintStream out, long t0, Duration limit, OpStats stats, Supplier<String> fault, Path live) {
    this.live = live;
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
        writeLive(false);
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
    writeLive(false);
  }

  /** Replaces live.json (write then rename, so a reader never sees half a file); a failure only loses the display. */
  private synchronized void writeLive(boolean finished) {
    if (!finished && stopped) {
      return; // a last tick of the drawing thread must not undo stop()'s "finished"
    }
    try {
      Path tmp = live.resolveSibling("live.json.tmp");
      Bundle.JSON.writeValue(tmp.toFile(), Bundle.object().put("elapsed-s", (System.nanoTime() - t0) / 1e9)
          .put("time-limit-s", limit.toMillis() / 1000.0).put("ok", stats.ok.get()).put("fail", stats.fail.get())
          .put("info", stats.info.get()).put("fault", fault.get()).put("phase", finished ? "checking" : phase)
          .put("finished", finished).put("updated", System.currentTimeMillis()));
      Files.move(tmp, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the bundle folder is gone or full: the terminal line still shows progress
    }
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
    writeLive(true);
    if (tty) {
      out.println();
    }
  }
}
