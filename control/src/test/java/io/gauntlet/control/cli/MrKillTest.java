package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Workers killed with SIGKILL ({@link Process#destroyForcibly()} on Linux) under the network
 * shuffle, where a dead worker takes its map output with it: the job must still produce exactly the
 * sequential result.
 */
class MrKillTest {
  private static final String SLOW_WC = SlowWordCount.class.getName();
  private static final Pattern PROGRESS = Pattern.compile("progress: map (\\d+)/8 reduce (\\d+)/10");

  private static int mapsDone(String line) {
    Matcher m = PROGRESS.matcher(line);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static int reducesDone(String line) {
    Matcher m = PROGRESS.matcher(line);
    return m.matches() ? Integer.parseInt(m.group(2)) : -1;
  }

  private static void finishAndCompare(MrCluster c, MrCluster.Coordinator coord) throws Exception {
    assertTrue(MrCluster.waitFor(coord.process(), 90), "job did not finish" + c.context());
    assertEquals(0, coord.process().exitValue(), c.context());
    assertEquals(c.sequential("wc"), c.output(), "output differs from sequential wc" + c.context());
  }

  @Test
  void workerKilledInTheMiddleOfAMap() throws Exception {
    try (MrCluster c = new MrCluster("kill-mid-map")) {
      MrCluster.Coordinator coord = c.coordinator("--task-timeout", "3s");
      Process victim = c.worker(coord, SLOW_WC);
      c.worker(coord, SLOW_WC);
      coord.await(l -> mapsDone(l) >= 1, "a finished map", 45);
      Thread.sleep(300); // each map takes over a second: both workers are inside one now
      assertTrue(coord.lines().stream().noneMatch(l -> mapsDone(l) == 8), "kill must come mid-map" + c.context());
      victim.destroyForcibly().waitFor();
      finishAndCompare(c, coord);
    }
  }

  @Test
  void workerKilledInTheMiddleOfAReduce() throws Exception {
    try (MrCluster c = new MrCluster("kill-mid-reduce")) {
      MrCluster.Coordinator coord = c.coordinator("--task-timeout", "3s");
      Process victim = c.worker(coord, SLOW_WC);
      c.worker(coord, SLOW_WC);
      coord.await(l -> mapsDone(l) == 8, "all maps done", 60);
      Thread.sleep(400); // each reduce task pauses a second at its start: both workers are inside one
      assertTrue(coord.lines().stream().noneMatch(l -> reducesDone(l) == 10), "kill must come mid-reduce" + c.context());
      victim.destroyForcibly().waitFor();
      finishAndCompare(c, coord);
    }
  }

  @Test
  void mapWorkerKilledAfterItFinishedHasItsMapsReExecuted() throws Exception {
    try (MrCluster c = new MrCluster("kill-after-map")) {
      MrCluster.Coordinator coord = c.coordinator("--task-timeout", "3s");
      Process early = c.worker(coord, SLOW_WC);
      coord.await(l -> mapsDone(l) >= 2, "two finished maps", 45);
      early.destroyForcibly().waitFor(); // its finished map output dies with it
      c.worker(coord, SLOW_WC);
      c.worker(coord, SLOW_WC);
      finishAndCompare(c, coord);
      List<String> lines = coord.lines();
      int peak = 0;
      boolean dropped = false;
      for (String l : lines) {
        int m = mapsDone(l);
        dropped |= m >= 0 && m < peak;
        peak = Math.max(peak, m);
      }
      assertTrue(dropped, "the dead worker's finished maps must be re-executed (maps-done count drops): " + lines + c.context());
    }
  }
}
