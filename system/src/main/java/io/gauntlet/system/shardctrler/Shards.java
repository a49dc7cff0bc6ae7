package io.gauntlet.system.shardctrler;

import java.nio.charset.StandardCharsets;

/** Which shard a key belongs to: FNV-1a (32 bit) of the key's UTF-8 bytes modulo NShards, as the 2025 labs. */
public final class Shards {
  /** The labs' default number of shards. */
  public static final int DEFAULT_SHARDS = 12;

  private Shards() {}

  public static int keyToShard(String key, int nShards) {
    int h = 0x811c9dc5;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return (int) (Integer.toUnsignedLong(h) % nShards);
  }
}
