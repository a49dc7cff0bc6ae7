package io.gauntlet.control.cli;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.apps.WordCount;
import java.util.List;

/**
 * Word count that takes its time, so a test can kill a worker while it is inside a map or a reduce:
 * each map takes a second longer, and each reduce task starts with a one-second pause. It ships
 * every value (no map-side counters) so the reduce code path runs; its output equals {@code wc}'s.
 * Loaded by class name, which also tests loading an app that is not built in.
 */
public final class SlowWordCount implements MapReduceApp {
  private static long lastReduceCall;

  @Override
  public void map(String filename, String contents, Emitter out) {
    pause(1000);
    new WordCount().map(filename, contents, new Emitter() {
      @Override
      public void emit(String key, String value) {
        out.emit(key, value);
      }
    });
  }

  @Override
  public synchronized String reduce(String key, List<String> values) {
    long now = System.nanoTime();
    if (now - lastReduceCall > 500_000_000L) {
      pause(1000); // the first key of a reduce task: calls within one task follow each other at once
    }
    lastReduceCall = System.nanoTime();
    long sum = 0;
    for (String v : values) {
      sum += Long.parseLong(v);
    }
    return Long.toString(sum);
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
