package io.gauntlet.system.mapreduce.apps;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import java.util.List;

/** The labs' {@code rtiming}: keys a..j; each reduce reports how many reduces ran in parallel. */
public final class ReduceTiming implements MapReduceApp {
  @Override
  public void map(String filename, String contents, Emitter out) {
    for (char c = 'a'; c <= 'j'; c++) {
      out.emit(String.valueOf(c), "1");
    }
  }

  @Override
  public String reduce(String key, List<String> values) {
    return Integer.toString(Parallelism.nparallel("reduce"));
  }
}
