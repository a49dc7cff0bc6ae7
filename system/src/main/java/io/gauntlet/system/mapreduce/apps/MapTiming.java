package io.gauntlet.system.mapreduce.apps;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import java.util.List;

/** The labs' {@code mtiming}: records when and how many map tasks ran in parallel. */
public final class MapTiming implements MapReduceApp {
  @Override
  public void map(String filename, String contents, Emitter out) {
    double ts = System.currentTimeMillis() / 1000.0;
    long pid = ProcessHandle.current().pid();
    int n = Parallelism.nparallel("map");
    out.emit("times-" + pid, String.format("%.1f", ts));
    out.emit("parallel-" + pid, Integer.toString(n));
  }

  @Override
  public String reduce(String key, List<String> values) {
    return SortedJoin.of(values);
  }
}
