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
 * {@code gauntlet test-all}: the matrix of systems x workloads x nemeses, one test (and bundle) per
 * cell, a summary table at the end that puts the systems side by side (verdict, ok/s, p99
 * latency, ok/s while faults were active); exits with the worst verdict (0 valid, 1 invalid, 2 unknown).
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

  @Option(names = "--db", defaultValue = "gauntlet", split = ",",
      description = "systems under test, side by side: gauntlet, etcd (default ${DEFAULT-VALUE})")
  List<String> dbs;

  @Option(names = "--etcd-bin", description = "etcd's path on the nodes' hosts (default: etcd on the PATH)")
  String etcdBin;

  @Option(names = "--serializable-reads", description = "etcd's cells use serializable (possibly stale) reads")
  boolean serializableReads;

  @Override
  public Integer call() throws Exception {
    // One seed for the whole matrix, so each system meets the same client choices and fault schedule.
    boolean seeded = testOptions.stream().anyMatch(a -> a.equals("--seed") || a.startsWith("--seed="));
    long seed = System.nanoTime() % 1_000_000;
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"workload", "nemesis", "db", "verdict", "ops", "ok/s", "p99 ms", "ok/s in faults", "check %", "bundle"});
    // Every cell's options are checked before the first test runs: a bad flag fails at once.
    List<TestCommand> tests = new ArrayList<>();
    List<TestOptions> cells = new ArrayList<>();
    for (String w : workloads) {
      for (String set : nemeses) {
        for (String db : dbs) {
          TestCommand test = new TestCommand();
          cells.add(MatrixCell.parse(spec.commandLine(), test, testOptions, w, set, db, seeded ? null : seed, etcdBin,
              serializableReads));
          tests.add(test);
        }
      }
    }
    int worst = 0;
    List<String> all = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    all.remove("test-all"); // picocli keeps the subcommand's own name first
    io.gauntlet.control.testbed.CampaignRecord record = cells.isEmpty() ? null // campaigns/<stamp>.json for `gauntlet serve`
        : new io.gauntlet.control.testbed.CampaignRecord(cells.get(0).results(), "test-all",
            io.gauntlet.control.testbed.CampaignRecord.shellLine("bin/gauntlet test-all", all));
    for (int c = 0; c < cells.size(); c++) {
      TestOptions o = cells.get(c);
      String w = o.workload();
      String set = String.join(",", o.nemesis());
      String db = o.db().name();
      for (int i = 0; i < tests.get(c).testCount; i++) {
        TestOptions run = o.withSeed(o.seed() + i);
        System.err.println("test " + run.name() + " seed " + run.seed());
        String again = MatrixCell.command(run);
        TestRunner.Outcome out;
        try {
          out = TestRunner.run(run, again, System.err);
        } catch (Exception e) {
          rows.add(new String[] {w, set, db, "crashed", "-", "-", "-", "-", "-", e.toString()});
          record.add(w, set, db, run.seed(), "crashed", null);
          worst = Math.max(worst, 2);
          continue;
        }
        rows.add(new String[] {w, set, db, out.verdict().name().toLowerCase(), String.valueOf(out.ops()),
            String.format("%.0f", out.okPerSecond()), String.format("%.1f", out.latency().p99()),
            Double.isNaN(out.faultOkPerSecond()) ? "-" : String.format("%.0f", out.faultOkPerSecond()),
            String.format("%.1f", 100 * out.checkFraction()), out.bundle().toString()});
        worst = Math.max(worst, TestCommand.exitCode(out.verdict()));
        record.add(w, set, db, run.seed(), out.verdict().name().toLowerCase(), out.bundle());
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
