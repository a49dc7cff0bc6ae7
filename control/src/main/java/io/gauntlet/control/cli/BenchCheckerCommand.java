package io.gauntlet.control.cli;

import io.gauntlet.checker.crosscheck.PorcupineProgram;
import io.gauntlet.checker.gen.HistoryGenerator;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryReader;
import io.gauntlet.checker.history.HistoryWriter;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityChecker;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.Models;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;


/**
 * {@code gauntlet bench checker}: generates the standard histories, checks each with our checker
 * (in this JVM, so JVM start is excluded) and with the Porcupine program (its own timer, so process
 * start is excluded), and prints check time, ops/s and the ratio ours/Porcupine. Both are run
 * {@code --runs} times and the best run counts. Ours first runs {@code --warmup} untimed checks of
 * the same file so the JIT has compiled the search (as JMH would); our first, cold run is shown
 * too, so the cost of warming up stays visible.
 */
@Command(
    name = "checker",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the linearizability checker against Porcupine on the standard histories:",
      "  cas-register, 5 processes x 1000 ops with crashed ops;",
      "  kv, 10 processes, 10 keys, 10000 ops;",
      "  hard: cas-register, one key, 10 processes, long overlapping ops.",
      "Prints check time (best of --runs; parsing excluded on both sides), ops/s and the ratio.",
      "With --cold: start-up included, wall clock: gauntlet --version, and one 'gauntlet check' of"
          + " --files small histories against Porcupine run on the same files."
    })
final class BenchCheckerCommand implements Callable<Integer> {
  /** A standard history: its file name, model and generator spec. */
  record Standard(String name, String model, HistoryGenerator.Spec spec) {}

  static final List<Standard> STANDARD = List.of(
      new Standard("cas-register-5x1000-crashes", "cas-register",
          HistoryGenerator.Spec.of("cas-register", 5, 5000).crashRate(0.01).values(5)),
      new Standard("kv-10proc-10keys-10000", "kv", HistoryGenerator.Spec.of("kv", 10, 10_000).keys(10).values(50)),
      new Standard("hard-cas-register-1key-10proc", "cas-register",
          HistoryGenerator.Spec.of("cas-register", 10, 5000).applyRate(0.1).values(10)));

  @picocli.CommandLine.Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", description = "where to write the histories"
      + " (default: a new temporary directory)")
  Path dir;

  @Option(names = "--runs", defaultValue = "10", description = "runs per checker and history (default ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--warmup", defaultValue = "100",
      description = "untimed checks by ours before the timed runs, for the JIT (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--porcupine", paramLabel = "PATH",
      description = "a built porcupine-check binary (default: build checker/porcupine with go)")
  Path porcupineBinary;

  @Option(names = "--cold", description = "instead: start-up included, side by side with Porcupine: gauntlet"
      + " --version, and one gauntlet check of --files small histories against Porcupine's run on them")
  boolean cold;

  @Option(names = "--files", paramLabel = "N", defaultValue = "100",
      description = "small histories for --cold (default ${DEFAULT-VALUE})")
  int coldFiles;

  @Option(names = "--time-limit", paramLabel = "S", defaultValue = "120",
      description = "seconds per check before 'unknown' (default ${DEFAULT-VALUE})")
  int timeLimit;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (runs < 1 || warmup < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1 and --warmup at least 0");
    }
    if (timeLimit < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--time-limit must be at least 1 s, got " + timeLimit);
    }
    if (cold && coldFiles < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--files must be at least 1, got " + coldFiles);
    }
    Path where = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("bench-checker");
    PorcupineProgram porcupine = porcupine(out);
    if (cold) {
      new ColdStartBench(out, runs).run(ColdStartBench.write(where.resolve("cold"), coldFiles, seed), porcupine);
      return 0;
    }
    out.printf(Locale.ROOT, "histories in %s; best of %d runs (ours after %d warm-up checks);"
        + " times exclude parsing, JVM and process start%n", where, runs, warmup);
    out.printf(Locale.ROOT, "%-30s %6s | %-8s %9s %9s %11s | %-8s %9s %11s | %6s%n", "history", "ops",
        "ours", "cold ms", "best ms", "ops/s", "porcup.", "best ms", "ops/s", "ratio");
    Duration limit = Duration.ofSeconds(timeLimit);
    for (Standard s : STANDARD) {
      Path file = where.resolve(s.name() + ".jsonl");
      HistoryWriter.write(file, HistoryGenerator.generate(s.spec(), seed));
      History h = HistoryReader.read(file);
      Model m = Models.byName(s.model());
      double cold = 0;
      double best = Double.MAX_VALUE;
      CheckResult r = null;
      for (int i = 0; i < warmup + runs; i++) {
        // a fresh copy each run, so every timed check splits the history by key itself (as
        // Porcupine does in its timed part), not reusing the split cached by the previous run
        History fresh = History.of(h.ops());
        long t0 = System.nanoTime();
        r = new LinearizabilityChecker(m, m.initialState(null), Budget.defaults().withTimeLimit(limit)).check(fresh);
        double ms = (System.nanoTime() - t0) / 1e6;
        cold = i == 0 ? ms : cold;
        if (i >= warmup || warmup + runs == 1) {
          best = Math.min(best, ms);
        }
      }
      long ops = r.ops();
      String theirs = "-";
      String theirMs = "-";
      String theirRate = "-";
      String ratio = "-";
      if (porcupine != null) {
        double pBest = Double.MAX_VALUE;
        PorcupineProgram.Result pr = null;
        for (int i = 0; i < runs; i++) {
          pr = porcupine.check(s.model(), file, null, limit);
          pBest = Math.min(pBest, pr.checkMillis());
        }
        theirs = pr.verdict();
        theirMs = String.format(Locale.ROOT, "%.1f", pBest);
        theirRate = String.format(Locale.ROOT, "%.0f", ops / (pBest / 1000));
        ratio = String.format(Locale.ROOT, "%.2f", best / pBest);
      }
      out.printf(Locale.ROOT, "%-30s %6d | %-8s %9.1f %9.1f %11.0f | %-8s %9s %11s | %6s%n", s.name(), ops,
          r.verdict().word(), cold, best, ops / (best / 1000), theirs, theirMs, theirRate, ratio);
      out.flush();
    }
    out.println("ratio = our best check time / Porcupine's best check time (below 1.0: ours is faster)");
    return 0;
  }

  private PorcupineProgram porcupine(PrintWriter out) {
    try {
      if (porcupineBinary != null) {
        return PorcupineProgram.at(porcupineBinary);
      }
      Path root = RepoRoot.find();
      if (!PorcupineProgram.goAvailable()) {
        out.println("porcupine: skipped (no `go` on PATH to build checker/porcupine; or pass --porcupine PATH)");
        return null;
      }
      return PorcupineProgram.build(root.resolve("checker/porcupine"),
          root.resolve("checker/target/porcupine-check"));
    } catch (java.io.IOException e) {
      out.println("porcupine: skipped (" + e.getMessage() + ")");
      return null;
    }
  }
}
