package io.gauntlet.control.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.control.remote.NetnsHosts;
import io.gauntlet.system.node.NodeFactoryOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Short campaigns on real node processes: every nemesis family on network namespaces (root) and
 * the process faults on loopback come out valid, and a deliberately broken server that acknowledges
 * writes before replicating them comes out invalid with the violation drawn. Under CI=true a
 * missing root or iptables fails these tests instead of skipping them.
 */
public class CampaignTest {
  static final boolean CI = "true".equals(System.getenv("CI"));

  static void requireNetns() {
    String missing = NetnsHosts.missing();
    if (CI && missing != null) {
      throw new AssertionError("CI must run netns campaigns, but: " + missing);
    }
    Assumptions.assumeTrue(missing == null, "netns campaigns need root and iptables: " + missing);
  }

  static long seed() {
    String s = System.getProperty("gauntlet.seed");
    long seed = s != null ? Long.parseLong(s) : System.nanoTime() % 100_000;
    System.out.println("seed " + seed + " (rerun with -Dgauntlet.seed=" + seed + ")");
    return seed;
  }

  static TestOptions options(String name, String cluster, List<String> nemesis, int nodes, double seconds, long seed,
      Path results, List<String> jvm) {
    return new TestOptions(name, "kv", nemesis, cluster, nodes, Duration.ofMillis((long) (seconds * 1000)), 6, 0, seed,
        Duration.ofSeconds(3), Duration.ofSeconds(3), 6, 150, false, results, jvm, false, null);
  }

  static JsonNode results(TestRunner.Outcome out) throws Exception {
    return new ObjectMapper().readTree(out.bundle().resolve("results.json").toFile());
  }

  static void assertValid(TestRunner.Outcome out, long seed) throws Exception {
    assertEquals(Verdict.VALID, out.verdict(), "seed " + seed + ": " + out.summary());
    JsonNode r = results(out);
    assertTrue(r.get("stats").get("ok").asLong() > 100, "too few calls completed (seed " + seed + "): " + out.summary());
    for (String f : List.of("test.json", "history.jsonl", "history.edn", "results.json", "timeline.html", "rate.png",
        "latency-raw.png", "control.log", "nodes/n1/node.log")) {
      assertTrue(Files.exists(out.bundle().resolve(f)), "bundle lacks " + f);
    }
    assertTrue(Files.isSymbolicLink(out.bundle().getParent().getParent().resolve("latest")));
    String db = new ObjectMapper().readTree(out.bundle().resolve("test.json").toFile()).get("db").asText();
    JsonNode journal = r.get("raft-journal");
    assertTrue(!db.equals("gauntlet") || journal != null && journal.get("checked").asLong() > 0 && journal.get("problems").isEmpty(),
        "the nodes' raft journals were not compared (seed " + seed + "): " + journal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"partition", "kill", "pause", "loss"})
  void eachFaultFamilyOnNetnsIsValid(String family, @TempDir Path dir) throws Exception {
    requireNetns();
    long seed = seed();
    TestRunner.Outcome out = TestRunner.run(options("ci-" + family, "netns", List.of(family), 3, 12, seed,
        dir.resolve("results"), List.of()), "CampaignTest", System.out);
    assertValid(out, seed);
    JsonNode r = results(out);
    assertTrue(r.get("availability").size() > 0, "no fault was applied: " + out.summary());
    String history = Files.readString(out.bundle().resolve("history.jsonl"));
    assertTrue(history.contains("\"start-" + family + "\""), "no start-" + family + " in the history");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kill", "pause"})
  void processFaultsOnLoopbackAreValid(String family, @TempDir Path dir) throws Exception {
    long seed = seed();
    TestRunner.Outcome out = TestRunner.run(options("ci-local-" + family, "local", List.of(family), 3, 12, seed,
        dir.resolve("results"), List.of()), "CampaignTest", System.out);
    assertValid(out, seed);
  }

  public static void requireToxiproxy() {
    String bin = io.gauntlet.control.remote.ToxiproxyLinks.find();
    if (CI && bin == null) {
      throw new AssertionError("CI must run Toxiproxy campaigns, but it is not installed: "
          + io.gauntlet.control.remote.ToxiproxyLinks.INSTALL);
    }
    Assumptions.assumeTrue(bin != null, "Toxiproxy is not installed");
  }

  static final List<String> TOXICS = List.of("latency", "bandwidth", "timeout", "reset", "slicer");

  @ParameterizedTest
  @ValueSource(strings = {"netns", "local"})
  void toxicsOnEveryPeerLinkAreValid(String cluster, @TempDir Path dir) throws Exception {
    if (cluster.equals("netns")) {
      requireNetns();
    }
    requireToxiproxy();
    long seed = seed();
    TestOptions o = options("ci-toxics-" + cluster, cluster, TOXICS, 3, 14, seed, dir.resolve("results"), List.of());
    o = new TestOptions(o.name(), o.workload(), o.nemesis(), o.cluster(), o.nodes(), o.timeLimit(), o.concurrency(),
        o.rate(), o.seed(), Duration.ofMillis(1500), o.recovery(), o.activeKeys(), o.opsPerKey(), false, o.results(),
        o.nodeJvmOptions(), false, null);
    TestRunner.Outcome out = TestRunner.run(o, "CampaignTest", System.out);
    assertValid(out, seed);
    String history = Files.readString(out.bundle().resolve("history.jsonl"));
    long applied = TOXICS.stream().filter(t -> history.contains("\"start-" + t + "\"")).count();
    assertTrue(applied >= 2, "fewer than two toxic families applied in 14 s: " + out.summary());
  }

  @Test
  void theRegisterWorkloadUnderPartitionsAndKillsIsValid(@TempDir Path dir) throws Exception {
    requireNetns();
    long seed = seed();
    TestOptions o = options("ci-register", "netns", List.of("partition", "kill"), 3, 12, seed, dir.resolve("results"), List.of());
    o = o.withWorkload("register");
    TestRunner.Outcome out = TestRunner.run(o, "CampaignTest", System.out);
    assertValid(out, seed);
    assertTrue(results(out).get("linearizable").get("model").asText().equals("cas-register"), out.summary());
    assertCasContended(out);
  }

  /** The register workload did CAS, and some CAS found another value (so the workload contends). */
  static void assertCasContended(TestRunner.Outcome out) throws Exception {
    String history = Files.readString(out.bundle().resolve("history.jsonl"));
    assertTrue(history.contains("\"f\":\"cas\"") && history.contains("\"type\":\"fail\""),
        "no CAS, or none that failed, in the history");
  }

  @Test
  void theVersionedKvWorkloadUnderKillsAndPausesIsValid(@TempDir Path dir) throws Exception {
    long seed = seed();
    TestOptions o = options("ci-versioned", "local", List.of("kill", "pause"), 3, 12, seed, dir.resolve("results"), List.of());
    o = o.withWorkload("versioned-kv");
    TestRunner.Outcome out = TestRunner.run(o, "CampaignTest", System.out);
    assertValid(out, seed);
    String history = Files.readString(out.bundle().resolve("history.jsonl"));
    assertTrue(history.contains("ERR_VERSION"), "no versioned put was refused: the workload does not contend");
  }

  @Test
  void partitionsOnLoopbackGoThroughToxiproxyAndAreValid(@TempDir Path dir) throws Exception {
    requireToxiproxy();
    long seed = seed();
    TestRunner.Outcome out = TestRunner.run(options("ci-local-partition", "local", List.of("partition"), 3, 12, seed,
        dir.resolve("results"), List.of()), "CampaignTest", System.out);
    assertValid(out, seed);
    assertTrue(Files.readString(out.bundle().resolve("history.jsonl")).contains("\"start-partition\""));
  }

  @Test
  void aServerThatAcknowledgesBeforeReplicatingIsCaught(@TempDir Path dir) throws Exception {
    requireNetns();
    long seed = seed();
    TestRunner.Outcome out = TestRunner.run(options("ci-early-ack", "netns", List.of("partition-leader"), 3, 10, seed,
        dir.resolve("results"), List.of("-D" + NodeFactoryOverride.PROPERTY + "=" + EarlyAckFixture.class.getName())),
        "CampaignTest", System.out);
    assertEquals(Verdict.INVALID, out.verdict(), "seed " + seed + ": the broken server was not caught: " + out.summary());
    assertTrue(Files.exists(out.bundle().resolve("linear.html")), "the violation is not drawn (no linear.html)");
  }

  @Test
  void theLockWorkloadUnderKillsAndPausesIsValid(@TempDir Path dir) throws Exception {
    long seed = seed();
    TestOptions o = options("ci-lock", "local", List.of("kill", "pause"), 3, 12, seed, dir.resolve("results"), List.of())
        .withWorkload("lock");
    TestRunner.Outcome out = TestRunner.run(o, "CampaignTest", System.out);
    assertValid(out, seed);
    assertEquals("mutex", results(out).get("linearizable").get("model").asText(), out.summary());
    String history = Files.readString(out.bundle().resolve("history.jsonl"));
    assertTrue(history.contains("\"f\":\"acquire\"") && history.contains("\"f\":\"release\""), "no acquire or release recorded");
  }

  @Test
  void theLockWorkloadCatchesTwoHoldersOnAServerThatAcknowledgesBeforeReplicating(@TempDir Path dir) throws Exception {
    requireToxiproxy();
    long seed = seed();
    TestOptions o = options("ci-lock-early-ack", "local", List.of("partition-leader"), 3, 12, seed, dir.resolve("results"),
        List.of("-D" + NodeFactoryOverride.PROPERTY + "=" + EarlyAckFixture.class.getName())).withWorkload("lock");
    TestRunner.Outcome out = TestRunner.run(o, "CampaignTest", System.out);
    assertEquals(Verdict.INVALID, out.verdict(), "seed " + seed + ": two holders of one lock were not caught: " + out.summary());
    assertTrue(out.summary().contains("acquire"), "the violation is not an acquire of a held lock: " + out.summary());
  }

  @Test
  void shardkvWhileShardsMoveIsValid(@TempDir Path dir) throws Exception {
    long seed = seed();
    TestOptions o = options("ci-shardkv", "local", List.of("shard"), 9, 14, seed, dir.resolve("results"), List.of())
        .withWorkload("shardkv");
    TestRunner.Outcome out = TestRunner.run(o, "CampaignTest", System.out);
    assertValid(out, seed);
    String history = Files.readString(out.bundle().resolve("history.jsonl"));
    assertTrue(history.contains("\"start-shard\""), "no shard fault applied (seed " + seed + ")");
    assertTrue(results(out).get("lost-appends").isEmpty(), out.summary());
    // Each Raft group's replicas were compared among themselves (controllers, groups 100 and 101).
    var states = results(out).get("replica-states");
    for (String g : List.of("controllers", "group 100", "group 101")) {
      assertTrue(states.has(g) && states.get(g).get("divergence").asText().isEmpty(), "seed " + seed + ": " + states);
    }
    assertTrue(states.get("group 100").get("compared").asInt() >= 2 || states.get("group 101").get("compared").asInt() >= 2,
        "no shard group's replicas were compared (seed " + seed + "): " + states);
  }
}
