package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options that make no sense with {@code gauntlet test --workload mapreduce} are usage errors (exit 254) that say why, before anything starts. */
class TestCommandMapReduceTest {
  @TempDir Path dir;

  private SimRaftCommandTest.Run test(String... args) {
    List<String> all = new ArrayList<>(List.of("test", "--cluster", "local", "--time-limit", "1", "--results", dir.toString()));
    all.addAll(List.of(args));
    return SimRaftCommandTest.run(all.toArray(String[]::new));
  }

  private void assertUsage(String expected, String... args) {
    SimRaftCommandTest.Run r = test(args);
    assertEquals(GauntletCli.EXIT_USAGE, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void etcdTooFewNodesClientOptionsAndLinkFaultsAreRefused() {
    assertUsage("--workload mapreduce runs Gauntlet's own MapReduce (gauntlet mr), not --db etcd",
        "--workload", "mapreduce", "--db", "etcd");
    assertUsage("--nodes must be at least 2, got 1", "--workload", "mapreduce", "--nodes", "1");
    assertUsage("--rate has no meaning with --workload mapreduce", "--workload", "mapreduce", "--rate", "10");
    assertUsage("nemesis 'latency' is not available", "--workload", "mapreduce", "--nemesis", "kill,latency");
    assertUsage("nemesis 'partition' is not available", "--workload", "mapreduce", "--nemesis", "partition");
    assertUsage("--mr-app goes with --workload mapreduce", "--mr-app", "indexer");
    assertUsage("--mr-app: unknown app 'nope'", "--workload", "mapreduce", "--mr-app", "nope");
    assertUsage("--mr-input " + dir.resolve("none") + " is not a folder", "--workload", "mapreduce", "--mr-input",
        dir.resolve("none").toString());
    assertTrue(dir.toFile().list().length == 0, "a test ran despite the usage error");
  }
}
