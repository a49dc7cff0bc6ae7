package io.gauntlet.control.cli;

import io.gauntlet.workloads.shardkv.ShardKvScenario;
import io.gauntlet.system.sim.Soak;
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
      "Run seeded randomized sharded-KV scenarios in the simulator: concurrent clerks on a small key"
          + " set while groups join, leave and move shards, replicas, groups and controller replicas crash"
          + " (losing unsynced writes), nodes are isolated and links turn unreliable, with snapshots.",
      "After healing, every key must be readable and the history linearizable (kv model, per key).",
      "A failing seed's history.jsonl, results.json, linear.html, timeline and plots go to"
          + " --out DIR/seed-<S>/ (default results/sim-shardkv; with --keep, every seed's).",
      "Exit 0 only if every seed passes."
    })
final class SimShardKvCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SoakOptions soak;

  @Option(names = "--out", paramLabel = "DIR", description = "Where failing seeds are written (default ${DEFAULT-VALUE}).", defaultValue = "results/sim-shardkv")
  Path results;

  @Option(names = "--keep", description = "Also write the bundle of every passing seed under --out (a real history to look at).")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(System.out, true);
    soak.validate(spec.commandLine());
    if (soak.seed != null) {
      return single(out, soak.seed);
    }
    SoakReporter reporter = new SoakReporter(out, soak.count());
    var outcomes = Soak.run(soak.first(), soak.count(), soak.threads(), s -> kept(ShardKvScenario.run(s, null)),
        reporter.progress(), o -> reporter.failure("seed " + o.seed() + ": " + o.reason() + " (" + o.virtualMillis()
            + " ms virtual, " + o.ops() + " history ops)", details(o), "bin/gauntlet sim shardkv --seed " + o.seed() + " --trace"));
    if (keep) {
      out.println("kept the bundles of " + outcomes.stream().filter(ShardKvScenario.Outcome::passed).count()
          + " passing seeds under " + results + "/seed-<S>/");
    }
    out.print(io.gauntlet.system.sim.Windows.summary(outcomes.stream().map(ShardKvScenario.Outcome::windows).toList()));
    return reporter.finish(outcomes);
  }

  /** With --keep, writes a passing seed's bundle (a failing one's is written with its report). */
  private ShardKvScenario.Outcome kept(ShardKvScenario.Outcome o) {
    if (keep && o.passed()) {
      HistoryCheck.write(results.resolve("seed-" + o.seed()), o.history(), checkOf(o));
    }
    return o;
  }

  /** A failure's setup, and where its history, results and drawings were written. */
  private String details(ShardKvScenario.Outcome o) {
    var check = checkOf(o);
    Path dir = HistoryCheck.write(results.resolve("seed-" + o.seed()), o.history(), check);
    return "setup: " + o.setup() + (check.violation() == null ? "" : "\n" + HistoryCheck.summary(check))
        + "\nhistory, results, linear.html and timeline: " + dir;
  }

  /** The outcome's verdict; a stuck run has none yet: check what was recorded, so the bundle shows it. */
  private static io.gauntlet.checker.linear.CheckResult checkOf(ShardKvScenario.Outcome o) {
    return o.check() != null ? o.check() : HistoryCheck.linearizable(o.history(), "kv", Duration.ofSeconds(60));
  }

  private int single(PrintStream out, long s) {
    long start = System.nanoTime();
    ShardKvScenario.Outcome o = kept(ShardKvScenario.run(s, soak.trace ? out::println : null));
    double secs = (System.nanoTime() - start) / 1e9;
    if (!o.passed()) {
      SoakReporter reporter = new SoakReporter(out, 1);
      reporter.failure("seed " + o.seed() + ": " + o.reason() + " (" + o.virtualMillis() + " ms virtual, " + o.ops()
          + " history ops)", details(o), "bin/gauntlet sim shardkv --seed " + o.seed() + " --trace");
      return 1;
    }
    out.printf("seed %d passed (%d ms virtual, %d history ops; %s)%n", s, o.virtualMillis(), o.ops(), o.setup());
    if (keep) {
      out.println("history, results and timeline: " + results.resolve("seed-" + s));
    }
    out.printf("1 seeds passed in %.1f s (%.1f seeds/s)%n", secs, 1 / secs);
    return 0;
  }
}
