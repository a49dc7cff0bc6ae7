package io.gauntlet.system.mapreduce;

/** Where {@link MapReduceApp#map} puts its pairs. */
public interface Emitter {
  void emit(String key, String value);

  /** Emits a count; counting apps ({@link MapReduceApp#valuesAreCounts()}) use this to avoid strings. */
  default void emitCount(String key, long n) {
    emit(key, Long.toString(n));
  }
}
