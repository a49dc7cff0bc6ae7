package io.gauntlet.control.cli;

import io.gauntlet.workloads.shardkv.ShardKvScenario;
import io.gauntlet.workloads.shardkv.ShardKvSoak;
import io.gauntlet.workloads.sim.HistoryCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gauntlet sim shardkv}: seeded randomized sharded-KV scenarios, each history checked. */
@Command(
    name = "shardkv",
    mixinStandardHelpOptions = true,
    description = {
      "Run seeded randomized sharded-KV scenarios in the simulator: concurrent clerks on a small key",
      "set while groups join, leave and move shards, replicas, groups and controller replicas crash",
      "(losing unsynced writes), nodes are isolated and links turn unreliable, with snapshots.",
      "After healing, every key must be readable and the history linearizable (kv model, per key).",
      "A failing seed's history.jsonl and results.json go to results/sim-shardkv/seed-<S>/.",
      "Exit 0 only if every seed passes."
    })
final class SimShardKvCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--seeds", paramLabel = "N", description = "How many seeds to run (default ${DEFAULT-VALUE}).", defaultValue = "100")
  int seeds;

  @Option(names = "--from", paramLabel = "S", description = "First seed (default ${DEFAULT-VALUE}).", defaultValue = "1")
  long from;

  @Option(names = "--seed", paramLabel = "S", description = "Run this one seed only (with --trace, print its event trace).")
  Long seed;

  @Option(names = "--trace", description = "Print the event trace of the run (needs --seed).")
  boolean trace;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of cores).")
  Integer threads;

  @Option(names = "--results", paramLabel = "DIR", description = "Where failing seeds are written (default ${DEFAULT-VALUE}).", defaultValue = "results/sim-shardkv")
  Path results;

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(System.out, true);
    if (trace && seed == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--trace needs --seed S (one run's trace)");
    }
    if (seeds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1, not " + seeds);
    }
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (t < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, not " + t);
    }
    if (seed != null) {
      return single(out, seed);
    }
    SoakReporter reporter = new SoakReporter(out, seeds);
    var outcomes = ShardKvSoak.run(from, seeds, t, reporter::progress, o -> reporter.failure(() -> report(out, o)));
    return reporter.finish(outcomes.stream().filter(o -> !o.passed()).count());
  }

  /** Prints a failure (seed, reason, replay command) and writes its history and results. */
  private void report(PrintStream out, ShardKvScenario.Outcome o) {
    out.println("FAIL seed " + o.seed() + ": " + o.reason() + " (" + o.virtualMillis() + " ms virtual, " + o.ops() + " history ops)");
    out.println("  setup: " + o.setup());
    // A stuck run has no verdict yet: check what was recorded, so the bundle shows it.
    var check = o.check() != null ? o.check() : HistoryCheck.linearizable(o.history(), "kv", Duration.ofSeconds(60));
    out.println("  history and results: " + HistoryCheck.write(results.resolve("seed-" + o.seed()), o.history(), check));
    out.println("  replay: bin/gauntlet sim shardkv --seed " + o.seed() + " --trace");
  }

  private int single(PrintStream out, long s) {
    long start = System.nanoTime();
    ShardKvScenario.Outcome o = ShardKvScenario.run(s, trace ? out::println : null);
    double secs = (System.nanoTime() - start) / 1e9;
    if (!o.passed()) {
      report(out, o);
      return 1;
    }
    out.printf("seed %d passed (%d ms virtual, %d history ops; %s)%n", s, o.virtualMillis(), o.ops(), o.setup());
    out.printf("1 seeds passed in %.1f s (%.1f seeds/s)%n", secs, 1 / secs);
    return 0;
  }
}
