package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimKvraftCommandTest {
  @Test
  void keepWritesBundlesOfPassingSeeds(@TempDir Path dir) throws Exception {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("sim", "kvraft", "--seeds", "2", "--from", "5",
        "--out", dir.toString(), "--keep");
    assertEquals(0, r.code(), r.out() + r.err());
    for (int s : new int[] {5, 6}) {
      for (String f : new String[] {"history.jsonl", "results.json", "timeline.html", "latency-raw.png"}) {
        assertTrue(Files.isRegularFile(dir.resolve("seed-" + s).resolve(f)), "seed " + s + ": " + f);
      }
      assertTrue(Files.readString(dir.resolve("seed-" + s).resolve("results.json")).contains("\"valid\" : true"));
    }
    assertTrue(r.out().contains("kept the bundles of 2 passing seeds under " + dir), r.out());
    Path none = dir.resolve("none");
    assertEquals(0, SimRaftCommandTest.run("sim", "kvraft", "--seeds", "1", "--out", none.toString()).code());
    assertTrue(!Files.exists(none), "without --keep a passing seed writes nothing");
  }
}
