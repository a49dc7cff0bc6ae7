package io.gauntlet.system.mapreduce;

import java.util.Arrays;

/**
 * Word counters: an open-addressing hash table from string keys to primitive {@code long} counts,
 * looked up by a range of characters so that a word already in the table costs no allocation at all
 * (no substring, no boxed count, no entry object). This is the hot loop of word counting, which is
 * why it is written here rather than borrowed: {@code HashMap<String, long[]>} allocates a key per
 * word, and its calls to {@code equals}/{@code hashCode} are shared with every other user of
 * HashMap in the process, so their profile (and so the JIT's code) depends on what else runs.
 *
 * <p>Entries carry the epoch in which they were last counted; {@link #nextEpoch} empties the table
 * for the next map task in O(1) while keeping its keys for reuse.
 */
final class CountTable {
  private String[] keys;
  private int[] hashes;
  private long[] counts;
  private int[] epochs;
  private int mask;
  private int size;
  private int live;
  private int epoch = 1;

  CountTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(cap);
  }

  private void allocate(int cap) {
    keys = new String[cap];
    hashes = new int[cap];
    counts = new long[cap];
    epochs = new int[cap];
    mask = cap - 1;
  }

  /** Keys counted in the current epoch. */
  int size() {
    return live;
  }

  /** Keys held, including those of earlier epochs. */
  int capacityUsed() {
    return size;
  }

  void nextEpoch() {
    epoch++;
    live = 0;
  }

  void clear() {
    Arrays.fill(keys, null);
    size = 0;
    live = 0;
  }

  /** Adds {@code n} to the count of {@code text[start, end)}. */
  void add(CharSequence text, int start, int end, long n) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + text.charAt(i);
    }
    int len = end - start;
    int slot = spread(h) & mask;
    while (true) {
      String k = keys[slot];
      if (k == null) {
        insert(slot, text.subSequence(start, end).toString(), h, n);
        return;
      }
      if (hashes[slot] == h && k.length() == len && regionEquals(k, text, start, len)) {
        bump(slot, n);
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  void add(String key, long n) {
    add(key, 0, key.length(), n);
  }

  private static boolean regionEquals(String k, CharSequence text, int start, int len) {
    if (text instanceof String s) {
      return k.regionMatches(0, s, start, len);
    }
    for (int i = 0; i < len; i++) {
      if (k.charAt(i) != text.charAt(start + i)) {
        return false;
      }
    }
    return true;
  }

  private void bump(int slot, long n) {
    if (epochs[slot] != epoch) {
      epochs[slot] = epoch;
      counts[slot] = n;
      live++;
    } else {
      counts[slot] += n;
    }
  }

  private void insert(int slot, String key, int h, long n) {
    keys[slot] = key;
    hashes[slot] = h;
    epochs[slot] = epoch;
    counts[slot] = n;
    size++;
    live++;
    if (size * 2 > keys.length) {
      grow();
    }
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    long[] oldCounts = counts;
    int[] oldEpochs = epochs;
    allocate(oldKeys.length * 2);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = spread(oldHashes[i]) & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        hashes[slot] = oldHashes[i];
        counts[slot] = oldCounts[i];
        epochs[slot] = oldEpochs[i];
      }
    }
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** Visits every key counted in the current epoch. */
  void forEach(Visitor v) throws java.io.IOException {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null && epochs[i] == epoch) {
        v.visit(keys[i], counts[i]);
      }
    }
  }

  long get(String key) {
    int h = key.hashCode();
    int slot = spread(h) & mask;
    while (keys[slot] != null) {
      if (hashes[slot] == h && keys[slot].equals(key)) {
        return epochs[slot] == epoch ? counts[slot] : 0;
      }
      slot = (slot + 1) & mask;
    }
    return 0;
  }

  @FunctionalInterface
  interface Visitor {
    void visit(String key, long count) throws java.io.IOException;
  }
}
