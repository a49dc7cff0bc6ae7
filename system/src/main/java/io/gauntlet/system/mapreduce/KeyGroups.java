package io.gauntlet.system.mapreduce;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs grouped by key: primitive counters in a {@link CountTable} for counting apps (no boxed
 * integers, no "1" strings, no per-word allocation), value lists otherwise. Both a map task (before
 * partitioning) and a reduce task (after fetching) collect into one of these; so does the
 * sequential run.
 *
 * <p>A worker reuses one instance for all its map tasks ({@link #nextTask}): counters are reset by
 * an epoch instead of being thrown away, so a word the worker has seen before costs no new key and
 * nothing for the collector to copy. That is most of the difference between one map task per file
 * and the sequential run's single table.
 */
final class KeyGroups implements Emitter {
  /** Past this many keys a reused table is dropped, so a worker's memory stays bounded. */
  private static final int MAX_REUSED_KEYS = 4_000_000;

  private final boolean counting;
  private final CountTable counts;
  private final HashMap<String, ArrayList<String>> lists;

  KeyGroups(MapReduceApp app) {
    this.counting = app.valuesAreCounts();
    this.counts = counting ? new CountTable(1 << 16) : null;
    this.lists = counting ? null : new HashMap<>(1 << 10);
  }

  boolean counting() {
    return counting;
  }

  @Override
  public void emit(String key, String value) {
    if (counting) {
      long n;
      try {
        n = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "counting app emitted non-numeric value '" + value + "' for key '" + key + "'");
      }
      counts.add(key, n);
    } else {
      lists.computeIfAbsent(key, k -> new ArrayList<>(2)).add(value);
    }
  }

  @Override
  public void emitCount(String key, long n) {
    if (counting) {
      counts.add(key, n);
    } else {
      emit(key, Long.toString(n));
    }
  }

  @Override
  public void emitCount(String text, int start, int end, long n) {
    if (counting) {
      counts.add(text, start, end, n);
    } else {
      emit(text.substring(start, end), Long.toString(n));
    }
  }

  /** Empties the groups for the next map task, keeping counting keys for reuse. */
  void nextTask() {
    if (counting) {
      if (counts.capacityUsed() > MAX_REUSED_KEYS) {
        counts.clear();
      }
      counts.nextEpoch();
    } else {
      lists.clear();
    }
  }

  int size() {
    return counting ? counts.size() : lists.size();
  }

  /** Calls {@code sink} for every (key, value) pair, values of one key in emission order. */
  void forEachPair(PairSink sink) throws IOException {
    if (counting) {
      counts.forEach((k, c) -> sink.accept(k, Long.toString(c)));
    } else {
      for (Map.Entry<String, ArrayList<String>> e : lists.entrySet()) {
        for (String v : e.getValue()) {
          sink.accept(e.getKey(), v);
        }
      }
    }
  }

  /** Writes {@code key reduce(key, values)} lines, keys sorted. */
  void writeReduced(MapReduceApp app, Writer out) throws IOException {
    List<String> keys = new ArrayList<>(size());
    if (counting) {
      counts.forEach((k, c) -> keys.add(k));
    } else {
      keys.addAll(lists.keySet());
    }
    Collections.sort(keys);
    BufferedWriter w = out instanceof BufferedWriter b ? b : new BufferedWriter(out, 1 << 16);
    for (String k : keys) {
      String v = counting ? Long.toString(counts.get(k)) : app.reduce(k, lists.get(k));
      w.write(k);
      w.write(' ');
      w.write(v);
      w.write('\n');
    }
    w.flush();
  }

  @FunctionalInterface
  interface PairSink {
    void accept(String key, String value) throws IOException;
  }
}
