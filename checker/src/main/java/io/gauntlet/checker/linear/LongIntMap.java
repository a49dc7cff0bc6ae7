package io.gauntlet.checker.linear;

/**
 * An open-addressing map from long to int with no boxing (linear probing, power-of-two table).
 * Used for the transition memo (state id, call) -> next state id on the search's hot path.
 */
final class LongIntMap {
  static final int ABSENT = Integer.MIN_VALUE;
  private static final long EMPTY = Long.MIN_VALUE;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int capacity) {
    int cap = Integer.highestOneBit(Math.max(16, capacity) * 2 - 1);
    keys = new long[cap];
    values = new int[cap];
    java.util.Arrays.fill(keys, EMPTY);
    mask = cap - 1;
  }

  int get(long key) {
    int i = (int) Hashing.mix(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        return ABSENT;
      }
      i = (i + 1) & mask;
    }
  }

  void put(long key, int value) {
    int i = (int) Hashing.mix(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == EMPTY) {
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
          grow();
        }
        return;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  /** Bytes held by the tables (for the memory budget). */
  long bytes() {
    return keys.length * 12L;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    java.util.Arrays.fill(keys, EMPTY);
    mask = keys.length - 1;
    size = 0;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        put(oldKeys[j], oldValues[j]);
      }
    }
  }
}
