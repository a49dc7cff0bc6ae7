package io.gauntlet.checker.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.Seeds;
import io.gauntlet.checker.gen.Anomaly;
import io.gauntlet.checker.gen.HistoryGenerator;
import io.gauntlet.checker.gen.HistoryGenerator.Spec;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryReader;
import io.gauntlet.checker.history.HistoryWriter;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.LinearizabilityChecker;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.Models;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our checker and Porcupine (the Go program in checker/porcupine, built here with the machine's
 * go) must give the same verdict on the same files: 240 generated kv and cas-register histories,
 * small ones with crashed (info) calls and large ones (100+ calls, 10+ processes), correct and
 * with injected anomalies. Large histories have no crashed calls: an invalid history with many
 * crashed calls, or many concurrent appends to one key, makes both checkers search exponentially
 * many orders (see docs/decisions.md), so large kv histories spread over 5 to 8 keys. A history
 * Porcupine gives up on has no verdict to compare; at least 200 verdicts must be compared, and our
 * checker may never be the one that gives up while Porcupine decides.
 */
class PorcupineCrossCheckTest {
  static final Anomaly[] KV_ANOMALIES = {Anomaly.NONE, Anomaly.STALE_READ, Anomaly.LOST_WRITE,
      Anomaly.DUPLICATE_APPEND, Anomaly.PHANTOM_VALUE};
  static final Anomaly[] CAS_ANOMALIES = {Anomaly.NONE, Anomaly.STALE_READ, Anomaly.LOST_WRITE,
      Anomaly.PHANTOM_VALUE};

  static final Duration LIMIT = Duration.ofSeconds(10);

  @Test
  void verdictsEqualPorcupines(@TempDir Path dir) throws Exception {
    CiPrerequisite.require(PorcupineProgram.goAvailable(), "no `go` on PATH, so the Porcupine"
        + " cross-check cannot be built (install Go; .ci/run uses the machine's go)");
    PorcupineProgram porcupine = PorcupineProgram.build(Path.of("porcupine"),
        Path.of("target", "porcupine-check"));
    long base = Seeds.base();
    SplittableRandom r = new SplittableRandom(base);
    int large = 0;
    int invalid = 0;
    int intractable = 0;
    int compared = 0;
    for (int i = 0; i < 240; i++) {
      String model = i % 2 == 0 ? "kv" : "cas-register";
      Anomaly[] anomalies = model.equals("kv") ? KV_ANOMALIES : CAS_ANOMALIES;
      Anomaly anomaly = anomalies[r.nextInt(anomalies.length)];
      boolean big = i % 4 >= 2;
      Spec spec = big
          ? Spec.of(model, 10 + r.nextInt(3), 100 + r.nextInt(200))
              .keys(model.equals("kv") ? 5 + r.nextInt(4) : 1 + r.nextInt(3))
              .values(10 + r.nextInt(40)).anomaly(anomaly, 0.01)
          : Spec.of(model, 2 + r.nextInt(4), 5 + r.nextInt(30)).keys(1 + r.nextInt(2))
              .crashRate(r.nextInt(3) * 0.04).values(2 + r.nextInt(3)).anomaly(anomaly, 0.2);
      long seed = r.nextLong();
      History h = HistoryGenerator.generate(spec, seed);
      Path file = dir.resolve("h" + i + ".jsonl");
      HistoryWriter.write(file, h);
      Model m = Models.byName(model);
      Verdict ours = new LinearizabilityChecker(m, m.initialState(null),
          Budget.defaults().withTimeLimit(LIMIT)).check(HistoryReader.read(file)).verdict();
      PorcupineProgram.Result theirs = porcupine.check(model, file, null, LIMIT);
      String where = "history " + i + " (" + spec + ", generator seed " + seed + "), "
          + Seeds.replay(base) + ", file " + file;
      if (theirs.verdict().equals("unknown")) {
        // Porcupine gave up (our pruning of kv appends decides some it cannot): nothing to compare
        intractable++;
        continue;
      }
      assertEquals(theirs.verdict(), ours.word(), where);
      compared++;
      if (big && h.calls().size() >= 100 && spec.processes() >= 10) {
        large++;
      }
      if (ours == Verdict.INVALID) {
        invalid++;
      }
    }
    assertTrue(compared >= 200, "only " + compared + " verdicts compared (" + intractable
        + " histories Porcupine gave up on); " + Seeds.replay(base));
    assertTrue(large >= 100, "only " + large + " large histories");
    assertTrue(invalid >= 40 && invalid <= 200, invalid + " of 240 invalid: the mix must have both; "
        + Seeds.replay(base));
  }
}
