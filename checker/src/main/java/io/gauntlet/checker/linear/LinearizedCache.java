package io.gauntlet.checker.linear;

/**
 * The set of configurations (linearized-call bitset, state id) the search has already explored,
 * as in Wing-Gong-Lowe and Porcupine: reaching one again cannot lead anywhere new. Entries live
 * in fixed-size chunks of a primitive arena (state id, then the bitset words) so the cache holds
 * no object per entry and never copies its arena; an open-addressing table of hashes indexes them.
 * Every allocation is reserved from the shared {@link MemoryMeter} first.
 */
final class LinearizedCache {
  private static final int CHUNK_LONGS = 1 << 17; // 1 MiB per chunk (the first ones are smaller)
  private static final int FIRST_CHUNK_LONGS = 1 << 10;

  private final int words;
  private final int entrySize;
  private final int entriesPerChunk;
  private final MemoryMeter meter;
  private long reserved;
  private long credit;

  private long[] hashes;
  private int[] refs; // entry number + 1; 0 = empty slot
  private int mask;
  private int size;
  private long[][] chunks = new long[8][];

  LinearizedCache(int words, MemoryMeter meter) {
    this.words = words;
    this.entrySize = words + 1;
    this.entriesPerChunk = Math.max(1, CHUNK_LONGS / entrySize);
    this.meter = meter;
    // a valid history needs about one entry per call: start there (calls <= 64 * words)
    allocateTable(Integer.highestOneBit(Math.max(1 << 8, Math.min(1 << 20, words * 64 * 2)) * 2 - 1));
  }

  /** Adds the configuration unless present; returns whether it was added. */
  boolean addIfAbsent(long hash, int stateId, long[] bits) {
    int i = (int) hash & mask;
    while (true) {
      int ref = refs[i];
      if (ref == 0) {
        break;
      }
      if (hashes[i] == hash && matches(ref - 1, stateId, bits)) {
        return false;
      }
      i = (i + 1) & mask;
    }
    int entry = size;
    int chunk = entry / entriesPerChunk;
    if (chunk == chunks.length) {
      chunks = java.util.Arrays.copyOf(chunks, chunks.length * 2);
    }
    int off = (entry % entriesPerChunk) * entrySize;
    long[] c = chunks[chunk];
    if (c == null || c.length < off + entrySize) {
      // A chunk starts small and doubles up to its full size, so small searches stay cheap.
      int full = entriesPerChunk * entrySize;
      int size = c == null ? Math.min(full, Math.max(FIRST_CHUNK_LONGS, entrySize)) : Math.min(full, c.length * 2);
      while (size < off + entrySize) {
        size = Math.min(full, size * 2);
      }
      reserve((long) (size - (c == null ? 0 : c.length)) * 8);
      c = c == null ? new long[size] : java.util.Arrays.copyOf(c, size);
      chunks[chunk] = c;
    }
    c[off] = stateId;
    System.arraycopy(bits, 0, c, off + 1, words);
    hashes[i] = hash;
    refs[i] = entry + 1;
    size++;
    if (size * 2 > refs.length) {
      rehash();
    }
    return true;
  }

  private boolean matches(int entry, int stateId, long[] bits) {
    long[] c = chunks[entry / entriesPerChunk];
    int off = (entry % entriesPerChunk) * entrySize;
    if (c[off] != stateId) {
      return false;
    }
    for (int w = 0; w < words; w++) {
      if (c[off + 1 + w] != bits[w]) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return size;
  }

  /** Returns every reserved byte to the meter (the search is over). */
  void release() {
    meter.release(reserved);
    reserved = 0;
  }

  /** Takes {@code bytes} from a local credit, topped up from the shared meter 1 MiB at a time. */
  private void reserve(long bytes) {
    if (bytes > credit) {
      long take = Math.max(bytes - credit, 1 << 20);
      meter.reserve(take);
      reserved += take;
      credit += take;
    }
    credit -= bytes;
  }

  private void allocateTable(int capacity) {
    reserve(capacity * 12L);
    hashes = new long[capacity];
    refs = new int[capacity];
    mask = capacity - 1;
  }

  private void rehash() {
    long[] oldHashes = hashes;
    int[] oldRefs = refs;
    allocateTable(oldRefs.length * 2);
    for (int j = 0; j < oldRefs.length; j++) {
      if (oldRefs[j] != 0) {
        int i = (int) oldHashes[j] & mask;
        while (refs[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        refs[i] = oldRefs[j];
      }
    }
    credit += oldRefs.length * 12L;
  }
}
