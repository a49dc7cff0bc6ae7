package io.gauntlet.control.cli;

import io.gauntlet.control.testbed.TestOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One cell of a campaign matrix (test-all, soak): {@code gauntlet test}'s options for a workload,
 * a nemesis set and a system, parsed and checked exactly as that command does, errors reported in
 * the name of the command that holds the matrix.
 */
final class MatrixCell {
  private MatrixCell() {}

  /**
   * @param owner the matrix command (errors name it)
   * @param testOptions further `gauntlet test` flags, for every cell
   * @param seed the cell's seed, or null to take the one in testOptions (or a random one)
   * @param etcdBin, serializableReads passed to etcd's cells only
   */
  static TestOptions parse(CommandLine owner, TestCommand test, List<String> testOptions, String workload, String nemesis,
      String db, Long seed, String etcdBin, boolean serializableReads) {
    List<String> args = new ArrayList<>(testOptions);
    args.addAll(List.of("--workload", workload, "--nemesis", nemesis, "--db", db));
    if (seed != null) {
      args.addAll(List.of("--seed", seed.toString()));
    }
    if (db.equals("etcd") && etcdBin != null) {
      args.addAll(List.of("--etcd-bin", etcdBin));
    }
    if (db.equals("etcd") && serializableReads) {
      args.add("--serializable-reads");
    }
    try {
      new CommandLine(test).parseArgs(args.toArray(new String[0]));
      return test.options();
    } catch (CommandLine.ParameterException e) {
      throw new CommandLine.ParameterException(owner, e.getMessage());
    }
  }

  /** The command that repeats one run of a cell: every option that shapes the run, explicitly. */
  static String command(TestOptions run) {
    List<String> a = new ArrayList<>(List.of("--db", run.db().name(), "--workload", run.workload(), "--nemesis",
        String.join(",", run.nemesis()), "--cluster", run.cluster(), "--nodes", Integer.toString(run.nodes()),
        "--time-limit", seconds(run.timeLimit()), "--nemesis-interval", seconds(run.nemesisInterval()),
        "--recovery", seconds(run.recovery()), "--seed", Long.toString(run.seed())));
    if (run.workload().equals("mapreduce")) { // no clients: the client options would be refused
      a.addAll(List.of("--mr-app", run.mr().app(), "--mr-task-timeout", seconds(run.mr().taskTimeout())));
      if (run.mr().input() != null) {
        a.addAll(List.of("--mr-input", run.mr().input().toString()));
      }
    } else {
      a.addAll(List.of("--concurrency", Integer.toString(run.concurrency()), "--rate", Double.toString(run.rate()),
          "--keys", Integer.toString(run.activeKeys()), "--ops-per-key", Integer.toString(run.opsPerKey())));
    }
    if (run.ssh()) {
      a.add("--ssh");
    }
    if (run.sshHosts() != null) {
      a.addAll(List.of("--nodes-file", run.sshHosts().nodesFile().toString()));
    }
    if (run.db().etcdBinary() != null) {
      a.addAll(List.of("--etcd-bin", run.db().etcdBinary()));
    }
    if (run.db().serializableReads()) {
      a.add("--serializable-reads");
    }
    return io.gauntlet.control.testbed.CampaignRecord.shellLine("bin/gauntlet test", a);
  }

  private static String seconds(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
  }
}
