package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimShardKvCommandTest {
  @Test
  void soakPrintsTheContractLastLine() {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("sim", "shardkv", "--seeds", "4", "--from", "7");
    assertEquals(0, r.code(), r.out() + r.err());
    String[] lines = r.out().strip().split("\n");
    assertTrue(lines[lines.length - 1].matches("4 seeds passed in [0-9.]+ s \\([0-9.]+ seeds/s\\)"), lines[lines.length - 1]);
  }

  @Test
  void oneSeedReplaysIdentically() {
    SimRaftCommandTest.Run a = SimRaftCommandTest.run("sim", "shardkv", "--seed", "3", "--trace");
    SimRaftCommandTest.Run b = SimRaftCommandTest.run("sim", "shardkv", "--seed", "3", "--trace");
    assertEquals(0, a.code(), a.out() + a.err());
    String ta = a.out().substring(0, a.out().lastIndexOf("1 seeds passed"));
    String tb = b.out().substring(0, b.out().lastIndexOf("1 seeds passed"));
    assertTrue(ta.lines().count() > 1000, "trace too short");
    assertTrue(ta.contains("seed 3 passed"), ta.lines().reduce((x, y) -> y).orElse(""));
    assertEquals(ta, tb, "the same seed gave a different run");
  }

  @Test
  void badArgumentsExit254WithAReason() {
    SimRaftCommandTest.Run t = SimRaftCommandTest.run("sim", "shardkv", "--trace");
    assertEquals(GauntletCli.EXIT_USAGE, t.code());
    assertTrue(t.err().contains("--trace needs --seed"), t.err());
    SimRaftCommandTest.Run z = SimRaftCommandTest.run("sim", "shardkv", "--seeds", "0");
    assertEquals(GauntletCli.EXIT_USAGE, z.code());
    assertTrue(z.err().contains("--seeds must be at least 1"), z.err());
    SimRaftCommandTest.Run u = SimRaftCommandTest.run("sim", "shardkv", "--seeds", "many");
    assertEquals(GauntletCli.EXIT_USAGE, u.code());
    assertTrue(u.err().contains("--seeds"), u.err());
  }

  @Test
  void keepWritesBundlesOfPassingSeeds(@TempDir Path dir) {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("sim", "shardkv", "--seeds", "2", "--from", "7",
        "--out", dir.toString(), "--keep");
    assertEquals(0, r.code(), r.out() + r.err());
    for (int s : new int[] {7, 8}) {
      for (String f : new String[] {"history.jsonl", "results.json", "timeline.html", "rate.png"}) {
        assertTrue(Files.isRegularFile(dir.resolve("seed-" + s).resolve(f)), "seed " + s + ": " + f);
      }
    }
    assertTrue(r.out().contains("kept the bundles of 2 passing seeds under " + dir), r.out());
    SimRaftCommandTest.Run one = SimRaftCommandTest.run("sim", "shardkv", "--seed", "3", "--out", dir.toString(), "--keep");
    assertEquals(0, one.code(), one.out() + one.err());
    assertTrue(Files.isRegularFile(dir.resolve("seed-3").resolve("history.jsonl")));
    Path none = dir.resolve("none");
    assertEquals(0, SimRaftCommandTest.run("sim", "shardkv", "--seeds", "1", "--out", none.toString()).code());
    assertTrue(!Files.exists(none), "without --keep a passing seed writes nothing");
  }
}
