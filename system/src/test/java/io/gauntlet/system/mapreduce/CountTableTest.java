package io.gauntlet.system.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountTableTest {
  /** Random adds by range and by key, across epochs and growth, agree with a HashMap per epoch. */
  @Test
  void agreesWithAHashMapAcrossEpochs() throws IOException {
    long seed = Long.getLong("gauntlet.seed", new SplittableRandom().nextLong());
    SplittableRandom random = new SplittableRandom(seed);
    CountTable table = new CountTable(4);
    String text = "the quick brown fox jumps over the lazy dog ünïcode Aa BB";
    for (int epoch = 0; epoch < 5; epoch++) {
      Map<String, Long> expected = new HashMap<>();
      for (int i = 0; i < 5_000; i++) {
        long n = 1 + random.nextInt(3);
        String key;
        if (random.nextBoolean()) {
          int start = random.nextInt(text.length());
          int end = start + random.nextInt(text.length() - start + 1);
          key = text.substring(start, end);
          table.add(text, start, end, n);
        } else {
          key = "k" + random.nextInt(3_000); // forces growth
          table.add(key, n);
        }
        expected.merge(key, n, Long::sum);
      }
      Map<String, Long> actual = new HashMap<>();
      table.forEach((k, c) -> actual.put(k, c));
      assertEquals(expected, actual, "seed " + seed + ", epoch " + epoch);
      assertEquals(expected.size(), table.size(), "seed " + seed);
      for (Map.Entry<String, Long> e : expected.entrySet()) {
        assertEquals(e.getValue(), table.get(e.getKey()), "seed " + seed);
      }
      table.nextEpoch();
      assertEquals(0, table.get("the"), "a new epoch starts empty");
    }
  }
}
