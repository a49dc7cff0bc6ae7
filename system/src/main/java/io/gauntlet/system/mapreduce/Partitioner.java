package io.gauntlet.system.mapreduce;

/** The labs' partitioning: {@code (fnv32a(utf8(key)) & 0x7fffffff) % nReduce}. */
public final class Partitioner {
  private Partitioner() {}

  public static int partition(String key, int nReduce) {
    return (fnv32a(key) & 0x7fffffff) % nReduce;
  }

  /** FNV-1a, 32 bits, over the key's UTF-8 bytes (computed from the chars, without allocating). */
  public static int fnv32a(String key) {
    int h = 0x811c9dc5;
    int n = key.length();
    for (int i = 0; i < n; i++) {
      int c = key.charAt(i);
      if (c < 0x80) {
        h = (h ^ c) * 0x01000193;
        continue;
      }
      if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
        c = Character.toCodePoint((char) c, key.charAt(++i));
      } else if (Character.isSurrogate((char) c)) {
        h = (h ^ '?') * 0x01000193; // an unpaired surrogate encodes as '?', as String.getBytes(UTF_8) does
        continue;
      }
      if (c < 0x800) {
        h = (h ^ (0xC0 | (c >> 6))) * 0x01000193;
      } else if (c < 0x10000) {
        h = (h ^ (0xE0 | (c >> 12))) * 0x01000193;
        h = (h ^ (0x80 | ((c >> 6) & 0x3F))) * 0x01000193;
      } else {
        h = (h ^ (0xF0 | (c >> 18))) * 0x01000193;
        h = (h ^ (0x80 | ((c >> 12) & 0x3F))) * 0x01000193;
        h = (h ^ (0x80 | ((c >> 6) & 0x3F))) * 0x01000193;
      }
      h = (h ^ (0x80 | (c & 0x3F))) * 0x01000193;
    }
    return h;
  }
}
