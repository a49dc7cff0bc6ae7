package io.gauntlet.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.Seeds;
import io.gauntlet.checker.gen.Anomaly;
import io.gauntlet.checker.gen.HistoryGenerator;
import io.gauntlet.checker.gen.HistoryGenerator.Spec;
import io.gauntlet.checker.history.History;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The fast checker against the brute-force oracle on random small concurrent histories of every
 * model, with and without injected anomalies. jqwik prints the falsifying sample (model, anomaly,
 * seed); the seed alone regenerates the history.
 */
class OracleTest {
  static final String[] MODELS = {"register", "cas-register", "kv", "versioned-kv", "mutex"};

  @Provide
  Arbitrary<String> models() {
    return Arbitraries.of(MODELS);
  }

  static Spec smallSpec(String model, Anomaly anomaly, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return Spec.of(model, 2 + r.nextInt(3), 5 + r.nextInt(4))
        .keys(1 + r.nextInt(2))
        .crashRate(r.nextInt(3) * 0.1)
        .applyRate(0.3 + r.nextDouble() * 0.5)
        .values(2 + r.nextInt(3))
        .anomaly(anomaly, 0.4);
  }

  @Property(tries = 600)
  void fastCheckerAgreesWithBruteForce(@ForAll("models") String model, @ForAll Anomaly anomaly,
      @ForAll long seed) {
    History h = HistoryGenerator.generate(smallSpec(model, anomaly, seed), seed);
    Verdict oracle = Histories.brute(h, model);
    Verdict fast = Histories.check(h, model).verdict();
    assertEquals(oracle, fast, () -> "model " + model + ", anomaly " + anomaly + ", " + generatorSeed(seed)
        + ", history:\n" + Histories.jsonl(h));
  }

  /** The kv pruning normally starts after backtracking; here it runs from the first step. */
  @Property(tries = 2000)
  void kvPruningAgreesWithBruteForce(@ForAll Anomaly anomaly, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Spec spec = Spec.of("kv", 2 + r.nextInt(4), 6 + r.nextInt(6)).crashRate(r.nextInt(4) * 0.07)
        .applyRate(0.2 + r.nextDouble() * 0.6).values(1 + r.nextInt(3)).anomaly(anomaly, 0.3);
    History h = HistoryGenerator.generate(spec, seed);
    var m = io.gauntlet.checker.model.Models.byName("kv");
    Verdict fast = new LinearizabilityChecker(m, m.initialState(null), Budget.defaults()).alwaysPrune()
        .check(h).verdict();
    assertEquals(Histories.brute(h, "kv"), fast, () -> "anomaly " + anomaly + ", " + generatorSeed(seed)
        + ", history:\n" + Histories.jsonl(h));
  }

  @Property(tries = 60)
  void correctObjectsGiveValidLongHistories(@ForAll("models") String model, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    // kv appends with many writers per key make the search exponential (docs/decisions.md):
    // kv keeps at most about 2 writers per key here
    boolean kv = model.equals("kv");
    int processes = kv ? 3 + r.nextInt(4) : 3 + r.nextInt(8);
    Spec spec = Spec.of(model, processes, 100 + r.nextInt(300)).keys(kv ? 3 + r.nextInt(2) : 1 + r.nextInt(3))
        .crashRate(kv ? 0 : r.nextInt(3) * 0.02).values(kv ? 20 : 2 + r.nextInt(5));
    History h = HistoryGenerator.generate(spec, seed);
    CheckResult result = Histories.check(h, model);
    assertEquals(Verdict.VALID, result.verdict(), () -> model + " " + generatorSeed(seed) + "\n"
        + result.toJson() + "\n" + Histories.jsonl(h));
  }

  /** jqwik prints its own seed on failure; the generator seed alone rebuilds the history. */
  static String generatorSeed(long seed) {
    return "generator seed " + seed + " (jqwik prints the run's seed; rerun with @Property(seed = \"...\"))";
  }

  /** Guards the oracle test against vacuity: anomalies must produce both verdicts. */
  @Test
  void anomaliesProduceBothVerdicts() {
    long base = Seeds.base();
    Map<Anomaly, int[]> counts = new EnumMap<>(Anomaly.class);
    SplittableRandom r = new SplittableRandom(base);
    for (String model : MODELS) {
      for (Anomaly a : Anomaly.values()) {
        for (int i = 0; i < 40; i++) {
          long seed = r.nextLong();
          History h = HistoryGenerator.generate(smallSpec(model, a, seed), seed);
          Verdict v = Histories.check(h, model).verdict();
          assertEquals(Histories.brute(h, model), v, () -> model + " " + a + " " + Seeds.replay(base));
          counts.computeIfAbsent(a, k -> new int[3])[v.ordinal()]++;
        }
      }
    }
    assertEquals(0, counts.get(Anomaly.NONE)[Verdict.INVALID.ordinal()], "a correct object is linearizable");
    for (Anomaly a : Anomaly.values()) {
      if (a != Anomaly.NONE) {
        assertTrue(counts.get(a)[Verdict.INVALID.ordinal()] > 0, a + " never produced a violation; "
            + Seeds.replay(base));
      }
    }
  }
}
