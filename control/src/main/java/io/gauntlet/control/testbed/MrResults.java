package io.gauntlet.control.testbed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryWriter;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.report.Reports;
import io.gauntlet.workloads.live.Availability;
import io.gauntlet.workloads.live.Latency;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;

/**
 * The verdict of a mapreduce test and its bundle files (history.jsonl, history.edn, the plots and
 * timeline, results.json). Invalid when any finished job's output differs from the sequential run;
 * unknown when a job reported failure or did not finish within the bound after healing, or when no
 * job finished at all; valid otherwise. Jobs abandoned because kill-leader killed the coordinator
 * (which the labs' design cannot survive) are listed but do not count.
 */
final class MrResults {
  private MrResults() {}

  static TestRunner.Outcome write(TestOptions o, Bundle bundle, History history, List<MapReduceRunner.Job> jobs,
      MrOutputCheck check, double seconds, int workerStarts, Logger log) throws IOException {
    MapReduceRunner.Job differs = first(jobs, MapReduceRunner.Ending.DIFFERS);
    MapReduceRunner.Job unfinished = first(jobs, MapReduceRunner.Ending.UNFINISHED);
    MapReduceRunner.Job failed = first(jobs, MapReduceRunner.Ending.FAILED);
    long equal = count(jobs, MapReduceRunner.Ending.EQUAL);
    Verdict verdict;
    String cause = null;
    if (differs != null) {
      verdict = Verdict.INVALID;
      cause = "job " + differs.job() + " output differs from `mr sequential`: " + differs.difference();
    } else if (unfinished != null || failed != null) {
      verdict = Verdict.UNKNOWN;
      MapReduceRunner.Job j = unfinished != null ? unfinished : failed;
      cause = "job " + j.job() + " " + (unfinished != null ? "did not finish: " : "failed: ") + j.error();
    } else if (equal == 0) {
      verdict = Verdict.UNKNOWN;
      cause = "no job finished within the time limit";
    } else {
      verdict = Verdict.VALID;
    }
    HistoryWriter.write(bundle.dir.resolve("history.jsonl"), history);
    bundle.writeEdn(history);
    Reports.writeAll(history, bundle.dir, o.name());
    List<Availability.Window> availability = Availability.of(history);
    Latency latency = Latency.of(history);
    ObjectNode r = Bundle.object();
    r.put("valid", verdict == Verdict.VALID ? "true" : verdict == Verdict.INVALID ? "false" : "unknown");
    if (cause != null) {
      r.put("cause", cause);
    }
    ObjectNode mr = r.putObject("mapreduce");
    mr.put("app", o.mr().app()).put("reduce-tasks", check.nReduce()).put("expected-lines", check.expectedLines())
        .put("task-timeout-s", o.mr().taskTimeout().toMillis() / 1000.0).put("worker-starts", workerStarts)
        .put("jobs-equal", equal).put("finish-bound-s", MapReduceRunner.FINISH_BOUND_SECONDS);
    ArrayNode js = mr.putArray("jobs");
    for (MapReduceRunner.Job j : jobs) {
      ObjectNode n = js.addObject().put("job", j.job()).put("ending", j.ending().name().toLowerCase())
          .put("seconds", j.seconds()).put("worker-starts", j.workerStarts());
      if (j.difference() != null) {
        n.set("first-difference", Bundle.JSON.valueToTree(j.difference()));
      }
      if (j.error() != null) {
        n.put("error", j.error());
      }
    }
    ArrayNode av = r.putArray("availability"); // per fault: the jobs started during it, and those that finished ok during it
    availability.forEach(w -> av.add(Bundle.JSON.valueToTree(w)));
    r.set("latency-ms", Bundle.JSON.valueToTree(latency));
    // As the history's ops: ok = finished and compared, fail = reported failure, info = abandoned or unfinished.
    long ok = equal + count(jobs, MapReduceRunner.Ending.DIFFERS);
    long fail = count(jobs, MapReduceRunner.Ending.FAILED);
    r.putObject("stats").put("ok", ok).put("fail", fail).put("info", jobs.size() - ok - fail)
        .put("seconds", seconds).put("jobs-per-minute", 60 * jobs.size() / seconds);
    bundle.writeJson("results.json", r);
    String summary = String.format("%s: %s, %d jobs (%d equal to the sequential output, %d worker starts)%s -> %s",
        o.name(), verdict.name().toLowerCase(), jobs.size(), equal, workerStarts, cause != null ? "; " + cause : "", bundle.dir);
    log.info(summary);
    return new TestRunner.Outcome(verdict, bundle.dir, summary, jobs.size(), jobs.size() / seconds, 0, ok / seconds, latency,
        Availability.okPerSecond(availability));
  }

  private static long count(List<MapReduceRunner.Job> jobs, MapReduceRunner.Ending e) {
    return jobs.stream().filter(j -> j.ending() == e).count();
  }

  private static MapReduceRunner.Job first(List<MapReduceRunner.Job> jobs, MapReduceRunner.Ending e) {
    return jobs.stream().filter(j -> j.ending() == e).findFirst().orElse(null);
  }
}
