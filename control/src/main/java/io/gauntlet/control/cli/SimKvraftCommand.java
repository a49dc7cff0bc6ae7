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
      "Run seeded randomized kvraft scenarios in the simulator: clerks on a few keys under partitions,",
      "crashes that lose unsynced writes, unreliable links and snapshots; each run's client history is",
      "checked for linearizability (kv model). A failing seed's history.jsonl and results.json are written",
      "under --out. Exit 0 only if every seed passes."
    })
final class SimKvraftCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--seeds", paramLabel = "N", description = "How many seeds to run (default ${DEFAULT-VALUE}).", defaultValue = "100")
  int seeds;

  @Option(names = "--from", paramLabel = "S", description = "First seed (default ${DEFAULT-VALUE}).", defaultValue = "1")
  long from;

  @Option(names = "--seed", paramLabel = "S", description = "Run this one seed only.")
  Long seed;

  @Option(names = "--trace", description = "Print the event trace of the run (needs --seed).")
  boolean trace;

  @Option(names = "--out", paramLabel = "DIR", description = "Where failing histories go (default ${DEFAULT-VALUE}).", defaultValue = "results/sim-kvraft")
  Path out;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    PrintStream stdout = new PrintStream(System.out, true);
    if (trace && seed == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--trace needs --seed S (one run's trace)");
    }
    if (seeds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1, not " + seeds);
    }
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (t < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    long first = seed != null ? seed : from;
    int count = seed != null ? 1 : seeds;
    SoakReporter report = new SoakReporter(stdout, count);
    var outcomes = Soak.run(first, count, seed != null ? 1 : t,
        s -> KvRaftScenario.run(s, out, trace ? stdout::println : null), report.progress(),
        o -> report.failure("seed " + o.seed() + ": " + o.failure() + " (" + o.ops() + " ops, " + o.virtualMillis() + " ms virtual)",
            o.detail() + (o.historyDir() == null ? "" : "\nhistory: " + o.historyDir().resolve("history.jsonl")),
            "bin/gauntlet sim kvraft --seed " + o.seed()));
    return report.finish(outcomes);
  }
}
