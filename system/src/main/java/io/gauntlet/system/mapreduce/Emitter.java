package io.gauntlet.system.mapreduce;

/** Where {@link MapReduceApp#map} puts its pairs. */
public interface Emitter {
  void emit(String key, String value);

  /** Emits a count; counting apps ({@link MapReduceApp#valuesAreCounts()}) use this to avoid strings. */
  default void emitCount(String key, long n) {
    emit(key, Long.toString(n));
  }

  /**
   * Emits a count for the key {@code text.substring(start, end)}; a collector may look the key up
   * without creating that substring (word counting's hot path).
   */
  default void emitCount(String text, int start, int end, long n) {
    emitCount(text.substring(start, end), n);
  }
}
