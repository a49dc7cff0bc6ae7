package io.gauntlet.system.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartitionerTest {
  @Test
  void matchesPublishedFnv1aVectors() {
    assertEquals(0x811c9dc5, Partitioner.fnv32a(""));
    assertEquals(0xe40c292c, Partitioner.fnv32a("a"));
    assertEquals(0xbf9cf968, Partitioner.fnv32a("foobar"));
  }

  @Test
  void hashesTheUtf8BytesOfAnyString() {
    long seed = Long.getLong("gauntlet.seed", new SplittableRandom().nextLong());
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(12);
      for (int j = 0; j < len; j++) {
        int kind = random.nextInt(4);
        if (kind == 0) {
          sb.append((char) random.nextInt(0x80));
        } else if (kind == 1) {
          sb.append((char) random.nextInt(0x10000)); // may be an unpaired surrogate
        } else {
          sb.appendCodePoint(random.nextInt(0x10FFFF));
        }
      }
      String s = sb.toString();
      assertEquals(reference(s.getBytes(StandardCharsets.UTF_8)), Partitioner.fnv32a(s), "seed " + seed + ", string " + s.codePoints().boxed().toList());
    }
  }

  private static int reference(byte[] bytes) {
    int h = 0x811c9dc5;
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    return h;
  }

  @Test
  void partitionIsNonNegativeAndBelowNReduce() {
    for (String k : new String[] {"", "a", "zzzz", "ünïcødé"}) {
      int p = Partitioner.partition(k, 10);
      assertEquals(((Partitioner.fnv32a(k) & 0x7fffffff) % 10), p);
    }
  }
}
