package io.gauntlet.control.cli;

import io.gauntlet.system.raft.sim.RaftScenario;
import io.gauntlet.system.sim.Soak;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gauntlet sim raft}: seeded randomized Raft scenarios with every invariant checked. */
@Command(
    name = "raft",
    mixinStandardHelpOptions = true,
    description = {
      "Run seeded randomized Raft scenarios in the simulator: partitions, crashes that lose unsynced"
          + " writes, unreliable/slow/reordering links, snapshots and client commands, with Raft's safety"
          + " invariants checked continuously; after the faults heal, agreement, a stable leader and term,"
          + " bounded idle RPCs and converged commit indexes are required. Fault schedules aimed at narrow"
          + " windows are counted per 1000 seeds. A seed over its event budget fails as \"no progress\".",
      "Each seed fixes everything, including (without --nodes) its cluster size.",
      "Exit 0 only if every seed passes."
    })
final class SimRaftCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SoakOptions soak;

  @Option(names = "--nodes", paramLabel = "3|5|7", description = "Cluster size (default: each seed draws 3, 5 or 7).")
  Integer nodes;

  @Override
  public Integer call() throws Exception {
    PrintStream out = spec.commandLine().getOut() == null ? System.out : new PrintStream(System.out, true);
    if (nodes != null && nodes != 3 && nodes != 5 && nodes != 7) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be 3, 5 or 7, not " + nodes);
    }
    soak.validate(spec.commandLine());
    if (soak.seed != null) {
      return single(out, soak.seed);
    }
    int size = nodes == null ? 0 : nodes;
    String nodesFlag = nodes == null ? "" : " --nodes " + nodes;
    SoakReporter report = new SoakReporter(out, soak.count());
    var outcomes = Soak.run(soak.first(), soak.count(), soak.threads(), s -> RaftScenario.run(s, size, null), report.progress(),
        o -> report.failure("seed " + o.seed() + ": " + o.invariant() + " (" + o.virtualMillis() + " ms virtual)",
            o.detail(), "bin/gauntlet sim raft --seed " + o.seed() + nodesFlag + " --trace"));
    out.print(io.gauntlet.system.sim.Windows.summary(outcomes.stream().map(RaftScenario.Outcome::windows).toList()));
    return report.finish(outcomes);
  }

  private int single(PrintStream out, long s) {
    long start = System.nanoTime();
    RaftScenario.Outcome o = RaftScenario.run(s, nodes == null ? 0 : nodes, soak.trace ? out::println : null);
    double secs = (System.nanoTime() - start) / 1e9;
    if (!o.passed()) {
      out.println("FAIL seed " + s + ": " + o.invariant() + " (" + o.virtualMillis() + " ms virtual, " + o.events() + " events)");
      out.println("  " + o.detail().strip().replace("\n", "\n  "));
      return 1;
    }
    out.printf("seed %d passed (%d ms virtual, %d events, %d entries committed)%n", s, o.virtualMillis(), o.events(), o.committed());
    out.printf("1 seeds passed in %.1f s (%.1f seeds/s)%n", secs, 1 / secs);
    return 0;
  }
}
