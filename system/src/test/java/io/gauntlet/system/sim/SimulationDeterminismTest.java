package io.gauntlet.system.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.sim.RaftScenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed must give the same event trace, bit for bit; another seed a different one. */
class SimulationDeterminismTest {
  static List<String> trace(long seed) {
    List<String> lines = new ArrayList<>();
    RaftScenario.Outcome o = RaftScenario.run(seed, 5, lines::add);
    assertTrue(o.passed(), "seed " + seed + " failed: " + o.detail());
    return lines;
  }

  @Test
  void sameSeedSameTrace() {
    Seeds.run(seed -> {
      List<String> a = trace(seed);
      List<String> b = trace(seed);
      assertTrue(a.size() > 100, "trace suspiciously short: " + a.size() + " lines");
      assertEquals(a, b, "two runs of seed " + seed + " differ");
    });
  }

  @Test
  void differentSeedsDiffer() {
    Seeds.run(seed -> assertNotEquals(trace(seed), trace(seed + 1)));
  }
}
