package io.gauntlet.control.testbed;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.apps.WordCount;
import java.util.List;

/**
 * Word count whose maps take longer (milliseconds in the system property {@value #PROPERTY}) in the
 * processes that set it, the workers, through the test's node JVM options: a job then spends most
 * of its time past its workers' start-up, holding map output that a kill makes reducers fail to
 * fetch. The reference run in the test's own JVM stays fast. Its output equals {@code wc}'s.
 */
public final class SlowMapWordCount implements MapReduceApp {
  static final String PROPERTY = "gauntlet.test.map-sleep-ms";

  private final WordCount wc = new WordCount();

  @Override
  public void map(String filename, String contents, Emitter out) {
    try {
      Thread.sleep(Long.getLong(PROPERTY, 0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    wc.map(filename, contents, out);
  }

  @Override
  public String reduce(String key, List<String> values) {
    return wc.reduce(key, values);
  }

  @Override
  public boolean valuesAreCounts() {
    return wc.valuesAreCounts();
  }
}
