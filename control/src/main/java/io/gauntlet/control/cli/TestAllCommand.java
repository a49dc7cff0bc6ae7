package io.gauntlet.control.cli;

import io.gauntlet.control.testbed.TestOptions;
import io.gauntlet.control.testbed.TestRunner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet test-all}: the matrix of workloads x nemeses, one test (and bundle) per cell, a
 * summary table at the end; exits with the worst verdict (0 valid, 1 invalid, 2 unknown).
 */
@Command(name = "test-all", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run every workload x nemesis combination; a bundle per test and a summary table. "
        + "Every other option is `gauntlet test`'s (--nodes, --time-limit, --cluster, --seed, ...).")
public final class TestAllCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @CommandLine.Unmatched List<String> testOptions = new ArrayList<>();

  @Option(names = "--workloads", defaultValue = "kv", split = ",", description = "workloads (default ${DEFAULT-VALUE})")
  List<String> workloads;

  @Option(names = "--nemeses", defaultValue = "none,partition,kill,pause", split = ";",
      description = "nemesis sets separated by ';' (each set as --nemesis takes it; default ${DEFAULT-VALUE})")
  List<String> nemeses;

  @Override
  public Integer call() throws Exception {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"workload", "nemesis", "verdict", "ops", "ops/s", "check %", "bundle"});
    int worst = 0;
    io.gauntlet.control.testbed.CampaignRecord record = null; // campaigns/<stamp>.json for `gauntlet serve`
    for (String w : workloads) {
      for (String set : nemeses) {
        TestCommand test = new TestCommand();
        CommandLine cl = new CommandLine(test);
        List<String> args = new ArrayList<>(testOptions);
        args.addAll(List.of("--workload", w, "--nemesis", set));
        try {
          cl.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        TestOptions o;
        try {
          o = test.options();
        } catch (CommandLine.ParameterException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (record == null) {
          List<String> all = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
          all.remove("test-all"); // picocli keeps the subcommand's own name first
          record = new io.gauntlet.control.testbed.CampaignRecord(o.results(), "test-all",
              io.gauntlet.control.testbed.CampaignRecord.shellLine("bin/gauntlet test-all", all));
        }
        for (int i = 0; i < test.testCount; i++) {
          TestOptions run = TestCommand.withSeed(o, o.seed() + i);
          System.err.println("test " + run.name() + " seed " + run.seed());
          TestRunner.Outcome out;
          try {
            out = TestRunner.run(run, "bin/gauntlet test --workload " + w + " --nemesis " + set + " --cluster "
                + run.cluster() + " --nodes " + run.nodes() + " --seed " + run.seed(), System.err);
          } catch (Exception e) {
            rows.add(new String[] {w, set, "crashed", "-", "-", "-", e.toString()});
            record.add(w, set, run.seed(), "crashed", null);
            worst = Math.max(worst, 2);
            continue;
          }
          rows.add(new String[] {w, set, out.verdict().name().toLowerCase(), String.valueOf(out.ops()),
              String.format("%.0f", out.opsPerSecond()), String.format("%.1f", 100 * out.checkFraction()), out.bundle().toString()});
          worst = Math.max(worst, TestCommand.exitCode(out.verdict()));
          record.add(w, set, run.seed(), out.verdict().name().toLowerCase(), out.bundle());
        }
      }
    }
    if (record != null) {
      record.finish();
    }
    PrintWriter pw = spec.commandLine().getOut();
    pw.println();
    Tables.print(pw, rows);
    return worst;
  }
}
