package io.gauntlet.checker.linear;

/** The 64-bit finalizer of MurmurHash3: spreads every input bit over the whole word. */
final class Hashing {
  private Hashing() {}

  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
