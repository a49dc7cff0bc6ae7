package io.gauntlet.control.cli;

import io.gauntlet.system.sim.Soak;
import io.gauntlet.workloads.kvraft.KvRaftScenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gauntlet sim kvraft}: seeded kvraft scenarios whose histories are checked for linearizability. */
@Command(
    name = "kvraft",
    mixinStandardHelpOptions = true,
    description = {
      "Run seeded randomized kvraft scenarios in the simulator: clerks on a few keys under partitions,"
          + " crashes that lose unsynced writes, unreliable links and snapshots; each run's client history"
          + " is checked for linearizability (kv model).",
      "A failing seed's history.jsonl, results.json, linear.html, timeline and plots are written under"
          + " --out DIR/seed-<S>/ (with --keep, every seed's).",
      "Exit 0 only if every seed passes."
    })
final class SimKvraftCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SoakOptions soak;

  @Option(names = "--out", paramLabel = "DIR", description = "Where failing histories go (default ${DEFAULT-VALUE}).", defaultValue = "results/sim-kvraft")
  Path out;

  @Option(names = "--keep", description = "Also write the bundle of every passing seed under --out (a real history to look at).")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintStream stdout = new PrintStream(System.out, true);
    soak.validate(spec.commandLine());
    SoakReporter report = new SoakReporter(stdout, soak.count());
    var outcomes = Soak.run(soak.first(), soak.count(), soak.threads(),
        s -> KvRaftScenario.run(s, out, keep, soak.trace ? stdout::println : null), report.progress(),
        o -> report.failure("seed " + o.seed() + ": " + o.failure() + " (" + o.ops() + " ops, " + o.virtualMillis() + " ms virtual)",
            o.detail() + (o.historyDir() == null ? "" : "\nhistory: " + o.historyDir().resolve("history.jsonl")),
            "bin/gauntlet sim kvraft --seed " + o.seed()));
    if (keep) {
      long kept = outcomes.stream().filter(o -> o.passed() && o.historyDir() != null).count();
      stdout.println("kept the bundles of " + kept + " passing seeds under " + out + "/seed-<S>/");
    }
    stdout.print(io.gauntlet.system.sim.Windows.summary(outcomes.stream().map(KvRaftScenario.Outcome::windows).toList()));
    return report.finish(outcomes);
  }
}
