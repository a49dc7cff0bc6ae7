package io.gauntlet.system.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.sim.RaftScenario;
import io.gauntlet.system.sim.Soak;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A slice of the soak in the test suite: 150 randomized fault scenarios on 3, 5 and 7 nodes. */
class RaftSoakTest {
  @Test
  void randomizedScenariosKeepEveryInvariant() throws Exception {
    long from = Seeds.seed() % 1_000_000_000L;
    for (int nodes : new int[] {3, 5, 7}) {
      StringBuilder failures = new StringBuilder();
      List<RaftScenario.Outcome> out = Soak.run(from, 50, 2, seed -> RaftScenario.run(seed, nodes, null), (d, f) -> {},
          o -> failures.append("seed ").append(o.seed()).append(": ").append(o.invariant()).append(": ")
              .append(o.detail()).append('\n'));
      assertEquals("", failures.toString(), nodes + " nodes, seeds from " + from + " (rerun: bin/gauntlet sim raft --from "
          + from + " --seeds 50 --nodes " + nodes + ")");
      long committed = out.stream().mapToLong(RaftScenario.Outcome::committed).sum();
      assertTrue(committed > 50 * 10, "scenarios made too little progress: " + committed + " entries in 50 runs");
    }
  }
}
