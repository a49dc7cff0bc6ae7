package io.gauntlet.control.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.system.mapreduce.CoordinatorOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short (12-15 s) mapreduce campaigns on real coordinator and worker processes: under kill on loopback and
 * under kill, pause and partitions on network namespaces (root; under CI=true a missing root
 * fails instead of skipping) every job's output equals the sequential run's; and a deliberately
 * broken coordinator that counts an unfetchable reduce as done comes out invalid, naming the job
 * and the reduce file.
 */
class MapReduceCampaignTest {
  static TestOptions options(String name, String cluster, List<String> nemesis, int nodes, double seconds, double interval,
      long seed, Path results, List<String> jvm) {
    return CampaignTest.options(name, cluster, nemesis, nodes, seconds, seed, results, jvm).withWorkload("mapreduce")
        .withNemesisInterval(Duration.ofMillis((long) (interval * 1000)));
  }

  /** Valid, with a job checked, a full bundle, and a fault of one of {@code families} applied. */
  static JsonNode assertValid(TestRunner.Outcome out, long seed, List<String> families) throws Exception {
    assertEquals(Verdict.VALID, out.verdict(), "seed " + seed + ": " + out.summary());
    JsonNode r = CampaignTest.results(out);
    // One job may be all: with 2 workers, kill-majority and kill-all stop every worker for a while.
    assertTrue(r.get("mapreduce").get("jobs-equal").asLong() >= 1, "no job checked (seed " + seed + "): " + out.summary());
    for (String f : List.of("test.json", "history.jsonl", "history.edn", "results.json", "timeline.html", "rate.png",
        "control.log", "nodes/n1/node.log", "nodes/n2/node.log")) {
      assertTrue(Files.exists(out.bundle().resolve(f)), "bundle lacks " + f);
    }
    String history = Files.readString(out.bundle().resolve("history.jsonl"));
    assertTrue(history.contains("\"f\":\"job\"") && history.contains("\"output\":\"equal\""), "no checked job in the history");
    assertTrue(families.stream().anyMatch(f -> history.contains("\"start-" + f + "\"")),
        "no fault of " + families + " in the history (seed " + seed + ")");
    return r;
  }

  @Test
  void jobsUnderKillOnLoopbackEqualTheSequentialOutput(@TempDir Path dir) throws Exception {
    long seed = CampaignTest.seed();
    TestRunner.Outcome out = TestRunner.run(options("ci-mr-local", "local", List.of("kill"), 3, 15, 3, seed,
        dir.resolve("results"), List.of()), "MapReduceCampaignTest", System.out);
    assertValid(out, seed, List.of("kill"));
  }

  @Test
  void jobsUnderKillPauseAndPartitionsOnNetnsEqualTheSequentialOutput(@TempDir Path dir) throws Exception {
    CampaignTest.requireNetns();
    long seed = CampaignTest.seed();
    List<String> faults = List.of("kill", "pause", "partition");
    TestRunner.Outcome out = TestRunner.run(options("ci-mr-netns", "netns", faults, 4, 12, 2.5, seed, dir.resolve("results"),
        List.of()), "MapReduceCampaignTest", System.out);
    assertValid(out, seed, faults);
  }

  @Test
  void aCoordinatorThatCountsAnUnfetchedReduceIsInvalid(@TempDir Path dir) throws Exception {
    long seed = CampaignTest.seed();
    // kill-one: a worker always survives to reduce, and finds the victim's map output gone; maps of
    // 300 ms keep the workers holding map output for most of each job, and a task timeout of 1 s
    // re-issues a killed worker's task soon. The real coordinator under the same settings is valid.
    TestOptions o = options("ci-mr-broken", "local", List.of("kill-one"), 3, 15, 1.5, seed, dir.resolve("results"),
        List.of("-D" + CoordinatorOverride.PROPERTY + "=" + UnfetchedReduceFixture.class.getName(),
            "-D" + SlowMapWordCount.PROPERTY + "=300"));
    TestRunner.Outcome out = TestRunner.run(o.withMr(new TestOptions.MrJob(SlowMapWordCount.class.getName(), null,
        Duration.ofSeconds(1))), "MapReduceCampaignTest", System.out);
    assertEquals(Verdict.INVALID, out.verdict(), "seed " + seed + ": " + out.summary());
    JsonNode r = CampaignTest.results(out);
    assertTrue(r.get("cause").asText().matches("job \\d+ output differs from `mr sequential`: mr-out-\\d+ is missing.*"),
        r.get("cause").asText());
    JsonNode differing = null;
    for (JsonNode j : r.get("mapreduce").get("jobs")) {
      if (j.get("ending").asText().equals("differs")) {
        differing = j;
        break;
      }
    }
    assertTrue(differing != null && differing.get("first-difference").get("file").asText().startsWith("mr-out-"), r.toString());
    assertTrue(Files.isDirectory(out.bundle().resolve("mr-output/job-" + differing.get("job").asInt())),
        "the differing job's output is not in the bundle");
  }
}
