package io.gauntlet.control.cli;

import io.gauntlet.system.mapreduce.sim.CoordinatorScenario;
import io.gauntlet.system.sim.Soak;
import io.gauntlet.system.sim.Windows;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gauntlet sim mr}: the MapReduce coordinator under stalling, late and duplicate workers. */
@Command(
    name = "mr",
    mixinStandardHelpOptions = true,
    description = "Run the MapReduce coordinator in the simulator with workers that stall past the task timeout"
        + " and report late (map and reduce) while the re-issued copy also reports, report twice, or die."
        + " Checked: each completion counts once, reduces start only after every map reported, the job"
        + " finishes once and only after every reduce, and every live worker is told. Exit 0 only if every seed passes.")
final class SimMrCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SoakOptions soak;

  @Override
  public Integer call() throws Exception {
    PrintStream out = spec.commandLine().getOut() == null ? System.out : new PrintStream(System.out, true);
    soak.validate(spec.commandLine());
    SoakReporter report = new SoakReporter(out, soak.count());
    var outcomes = Soak.run(soak.first(), soak.count(), soak.threads(), s -> CoordinatorScenario.run(s,
        soak.trace ? out::println : null), report.progress(),
        o -> report.failure("seed " + o.seed() + ": " + o.failure() + " (" + o.virtualMillis() + " ms virtual)",
            o.detail(), "bin/gauntlet sim mr --seed " + o.seed() + " --trace"));
    out.print(Windows.summary(outcomes.stream().map(CoordinatorScenario.Outcome::windows).toList()));
    return report.finish(outcomes);
  }
}
