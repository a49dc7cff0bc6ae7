package io.gauntlet.control.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.control.testbed.MapReduceRunner.Ending;
import io.gauntlet.control.testbed.MapReduceRunner.Job;
import io.gauntlet.system.mapreduce.Apps;
import io.gauntlet.system.mapreduce.Tasks;
import io.gauntlet.workloads.sim.SimHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The mapreduce verdict from the jobs' endings: a wrong output beats everything, a job not done makes it unknown, abandoned jobs do not count. */
class MrResultsTest {
  @TempDir Path dir;

  private TestRunner.Outcome verdictOf(Job... jobs) throws Exception {
    TestOptions o = CampaignTest.options("mr-verdict", "local", List.of("kill"), 3, 1, 1, dir, List.of()).withWorkload("mapreduce");
    Path in = Files.writeString(dir.resolve("in.txt"), "a b a\n");
    MrOutputCheck check = new MrOutputCheck(Apps.load("wc"), List.of(new Tasks.Input("in.txt", in)), 2, dir.resolve("seq"));
    SimHistory h = new SimHistory(System::nanoTime, "mr-verdict");
    for (Job j : jobs) {
      int p = h.newProcess();
      h.invoke(p, "job", null, SimHistory.JSON.objectNode().put("job", j.job()), "n1");
      h.ok(p, SimHistory.JSON.objectNode().put("job", j.job()));
    }
    return MrResults.write(o, Bundle.create(dir.resolve("results"), "mr-verdict"), h.build(), List.of(jobs), check, 1.0, 4,
        LoggerFactory.getLogger(MrResultsTest.class));
  }

  private static Job job(int k, Ending e) {
    MrOutputCheck.Difference d = e == Ending.DIFFERS ? new MrOutputCheck.Difference("mr-out-1", 2, "b 1", "b 2", false) : null;
    return new Job(k, e, 1.5, 2, d, e == Ending.EQUAL || e == Ending.DIFFERS ? null : "why");
  }

  private static JsonNode results(TestRunner.Outcome out) throws Exception {
    return new ObjectMapper().readTree(out.bundle().resolve("results.json").toFile());
  }

  @Test
  void theVerdictFollowsTheWorstJob() throws Exception {
    TestRunner.Outcome out = verdictOf(job(0, Ending.EQUAL), job(1, Ending.ABANDONED), job(2, Ending.EQUAL));
    assertEquals(Verdict.VALID, out.verdict(), out.summary());
    assertEquals(2, results(out).get("mapreduce").get("jobs-equal").asInt());

    out = verdictOf(job(0, Ending.EQUAL), job(1, Ending.UNFINISHED), job(2, Ending.DIFFERS));
    assertEquals(Verdict.INVALID, out.verdict(), out.summary());
    JsonNode r = results(out);
    assertEquals("false", r.get("valid").asText());
    assertEquals("job 2 output differs from `mr sequential`: mr-out-1 line 2: expected 'b 1', got 'b 2'", r.get("cause").asText());
    assertEquals("mr-out-1", r.get("mapreduce").get("jobs").get(2).get("first-difference").get("file").asText());

    out = verdictOf(job(0, Ending.EQUAL), job(1, Ending.UNFINISHED));
    assertEquals(Verdict.UNKNOWN, out.verdict(), out.summary());
    assertTrue(results(out).get("cause").asText().startsWith("job 1 did not finish: why"), out.summary());

    out = verdictOf(job(0, Ending.FAILED));
    assertEquals(Verdict.UNKNOWN, out.verdict(), out.summary());

    out = verdictOf(job(0, Ending.ABANDONED));
    assertEquals(Verdict.UNKNOWN, out.verdict(), out.summary());
    assertEquals("no job finished within the time limit", results(out).get("cause").asText());
  }
}
