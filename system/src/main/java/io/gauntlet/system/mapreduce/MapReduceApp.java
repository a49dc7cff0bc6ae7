package io.gauntlet.system.mapreduce;

import java.util.List;

/**
 * A MapReduce application, as in the labs: {@code map} emits key/value pairs for one input file and
 * {@code reduce} turns all values of one key into the output value. Implementations need a public
 * no-argument constructor (they are loaded by name in every worker process).
 */
public interface MapReduceApp {
  void map(String filename, String contents, Emitter out);

  String reduce(String key, List<String> values);

  /**
   * True if every value this app emits is a decimal count and {@code reduce} returns their sum.
   * The framework then combines values map-side in mutable counters (Google MapReduce's combiner),
   * which makes word counting an order of magnitude cheaper than shipping every "1".
   */
  default boolean valuesAreCounts() {
    return false;
  }
}
