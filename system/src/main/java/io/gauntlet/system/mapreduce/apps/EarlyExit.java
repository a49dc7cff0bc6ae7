package io.gauntlet.system.mapreduce.apps;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import java.util.List;

/**
 * The labs' {@code early_exit}: reduces of keys containing "sherlock" or "tom" take 3 s, to catch a
 * process that exits before every output file is final.
 */
public final class EarlyExit implements MapReduceApp {
  @Override
  public void map(String filename, String contents, Emitter out) {
    out.emit(filename, "1");
  }

  @Override
  public String reduce(String key, List<String> values) {
    if (key.contains("sherlock") || key.contains("tom")) {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return Integer.toString(values.size());
  }
}
