package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimMrCommandTest {
  @Test
  void soakReachesLateReportsOfBothKindsAndPrintsTheContractLastLine() {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("sim", "mr", "--seeds", "200");
    assertEquals(0, r.code(), r.out() + r.err());
    String[] lines = r.out().strip().split("\n");
    assertTrue(lines[lines.length - 1].matches("200 seeds passed in [0-9.]+ s \\([0-9.]+ seeds/s\\)"), lines[lines.length - 1]);
    for (String window : new String[] {"mr late map + reissue", "mr late reduce + reissue"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.contains(window) && !l.matches(".*reached +0$")),
          window + " never reached in 200 seeds:\n" + r.out());
    }
  }

  @Test
  void oneSeedReplaysIdentically() {
    SimRaftCommandTest.Run a = SimRaftCommandTest.run("sim", "mr", "--seed", "5", "--trace");
    SimRaftCommandTest.Run b = SimRaftCommandTest.run("sim", "mr", "--seed", "5", "--trace");
    assertEquals(0, a.code(), a.out() + a.err());
    assertTrue(a.out().lines().count() > 20, "trace too short: " + a.out());
    assertEquals(trace(a.out()), trace(b.out()), "the same seed gave a different run");
  }

  /** The run's trace lines (without the wall-clock progress and last lines). */
  private static String trace(String out) {
    return String.join("\n", out.lines().filter(l -> l.contains(" ns ")).toList());
  }
}
