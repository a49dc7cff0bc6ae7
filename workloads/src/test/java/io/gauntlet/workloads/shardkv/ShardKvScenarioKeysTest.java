package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The soak's key set (3-6 keys of 40) is drawn without repeats: a repeated key would be one fewer. */
class ShardKvScenarioKeysTest {
  static final Pattern KEYS = Pattern.compile("keys=\\[([^\\]]*)\\]");

  @Test
  void everySeedDrawsDistinctKeys() {
    Seeds.run(base -> {
      for (long s = base; s < base + 40; s++) {
        String setup = ShardKvScenario.run(s & Long.MAX_VALUE, null).setup();
        Matcher m = KEYS.matcher(setup);
        assertTrue(m.find(), setup);
        List<String> keys = Arrays.asList(m.group(1).split(", "));
        assertTrue(keys.size() >= 3 && keys.size() <= 6, setup);
        assertEquals(keys.size(), new HashSet<>(keys).size(), "seed " + s + " drew a key twice: " + setup);
      }
    });
  }
}
