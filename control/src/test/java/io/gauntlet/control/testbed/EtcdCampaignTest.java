package io.gauntlet.control.testbed;

import static io.gauntlet.control.testbed.CampaignTest.assertValid;
import static io.gauntlet.control.testbed.CampaignTest.options;
import static io.gauntlet.control.testbed.CampaignTest.requireNetns;
import static io.gauntlet.control.testbed.CampaignTest.results;
import static io.gauntlet.control.testbed.CampaignTest.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.control.cluster.EtcdMember;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd as the system under test, in short campaigns on network namespaces: with linearizable reads
 * it comes out valid under partitions, kills and pauses (kv and register workloads); with
 * serializable reads the test bed must find the stale reads etcd documents, or it is blind. Under
 * CI=true a missing etcd fails these tests instead of skipping them.
 */
class EtcdCampaignTest {
  static String requireEtcd() {
    String etcd = EtcdMember.findOnPath();
    if (CampaignTest.CI && etcd == null) {
      throw new AssertionError("CI must run etcd campaigns, but there is no etcd on the PATH (apt-get install etcd-server)");
    }
    Assumptions.assumeTrue(etcd != null, "etcd campaigns need etcd on the PATH");
    return etcd;
  }

  private static TestOptions etcd(String name, String workload, List<String> nemesis, boolean serializable, long seed, Path dir) {
    String bin = requireEtcd();
    requireNetns();
    return options(name, "netns", nemesis, 3, 15, seed, dir.resolve("results"), List.of()).withWorkload(workload)
        .withDb(TestOptions.DbTarget.etcd(bin, serializable));
  }

  @Test
  void etcdWithLinearizableReadsUnderPartitionsKillsAndPausesIsValid(@TempDir Path dir) throws Exception {
    long seed = seed();
    TestRunner.Outcome out = TestRunner.run(etcd("ci-etcd-kv", "kv", List.of("partition", "kill", "pause"), false, seed, dir),
        "EtcdCampaignTest", System.out);
    assertValid(out, seed);
    assertTrue(results(out).get("availability").size() > 0, "no fault was applied: " + out.summary());
    String log = Files.readString(out.bundle().resolve("nodes/n1/node.log"));
    assertTrue(log.contains("etcd-version"), "the bundle lacks etcd's own log for n1");
    assertTrue(results(out).get("latency-ms").get("p99").asDouble() > 0, "no latency quantiles in results.json");
  }

  @Test
  void etcdRegisterWorkloadCasThroughTransactionsIsValid(@TempDir Path dir) throws Exception {
    long seed = seed();
    TestRunner.Outcome out = TestRunner.run(etcd("ci-etcd-register", "register", List.of("partition", "kill"), false, seed, dir),
        "EtcdCampaignTest", System.out);
    assertValid(out, seed);
    CampaignTest.assertCasContended(out);
  }

  @Test
  void serializableReadsUnderAPartitionAreCaughtAsStale(@TempDir Path dir) throws Exception {
    long seed = seed();
    TestRunner.Outcome out = TestRunner.run(etcd("ci-etcd-stale", "kv", List.of("partition-one"), true, seed, dir),
        "EtcdCampaignTest", System.out);
    assertEquals(Verdict.INVALID, out.verdict(), "serializable reads passed as linearizable (seed " + seed + "): " + out.summary());
    assertTrue(out.summary().contains("get by process") && out.summary().contains("returned"),
        "the violation is not a read (seed " + seed + "): " + out.summary());
    assertTrue(Files.exists(out.bundle().resolve("linear.html")), "no linear.html drawing the stale read");
    assertTrue(results(out).get("lost-appends").isEmpty(), "acknowledged appends lost: a stale read is all there should be");
  }
}
