package io.gauntlet.system.mapreduce.apps;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The labs' {@code indexer}: for each word, how many documents contain it and which (sorted). */
public final class Indexer implements MapReduceApp {
  @Override
  public void map(String filename, String contents, Emitter out) {
    Set<String> seen = new HashSet<>();
    new WordCount().map(filename, contents, new Emitter() {
      @Override
      public void emit(String key, String value) {
        if (seen.add(key)) {
          out.emit(key, filename);
        }
      }

      @Override
      public void emitCount(String key, long n) {
        emit(key, null);
      }
    });
  }

  @Override
  public String reduce(String key, List<String> values) {
    TreeSet<String> docs = new TreeSet<>(values);
    return docs.size() + " " + String.join(",", docs);
  }
}
