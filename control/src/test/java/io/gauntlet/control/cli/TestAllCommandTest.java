package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.control.cluster.EtcdMember;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test-all --db gauntlet,etcd}: both systems in one matrix, same workload, faults and seed. */
class TestAllCommandTest {
  @Test
  void bothSystemsMeetTheSameFaultsSideBySide(@TempDir Path dir) throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    if (ci && EtcdMember.findOnPath() == null) {
      throw new AssertionError("CI must run etcd campaigns, but there is no etcd on the PATH");
    }
    Assumptions.assumeTrue(EtcdMember.findOnPath() != null, "needs etcd on the PATH");
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("test-all", "--db", "gauntlet,etcd", "--workloads", "kv",
        "--nemeses", "kill", "--cluster", "local", "--nodes", "3", "--time-limit", "8", "--nemesis-interval", "2",
        "--recovery", "2", "--concurrency", "4", "--results", dir.toString(), "--seed", "11");
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith("kv ")).toList();
    assertEquals(2, rows.size(), "one row per system expected:\n" + r.out());
    assertTrue(rows.get(0).matches("kv +kill +gauntlet +valid .*") && rows.get(1).matches("kv +kill +etcd +valid .*"), r.out());
    assertTrue(r.out().contains("p99 ms") && r.out().contains("ok/s in faults"), r.out());
    for (String row : rows) {
      Path bundle = Path.of(row.substring(row.lastIndexOf(' ') + 1));
      assertTrue(Files.readString(bundle.resolve("test.json")).contains("\"seed\" : 11,"), "not seed 11: " + bundle);
    }
  }

  @Test
  void aWrongDbIsNamed() {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("test-all", "--db", "gauntlet,zookeeper", "--cluster", "local");
    assertEquals(GauntletCli.EXIT_USAGE, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--db must be gauntlet or etcd, got 'zookeeper'"), r.err());
  }
}
