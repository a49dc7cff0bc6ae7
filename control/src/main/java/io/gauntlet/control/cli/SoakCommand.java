package io.gauntlet.control.cli;

import io.gauntlet.control.testbed.SoakMatrix;
import io.gauntlet.control.testbed.SoakSummary;
import io.gauntlet.control.testbed.TestOptions;
import io.gauntlet.control.testbed.TestRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet soak}: campaigns back to back for hours, cycling through a matrix of workloads x
 * nemeses x systems with a new seed each time, and a summary page kept up to date after every
 * campaign. A campaign that crashes (say its cluster never came up) is recorded with the reason and
 * the next one starts from clean. Exits 0 only if every campaign was valid.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run campaigns back to back from a matrix for a while; a summary page in results/soak-<ts>/. "
        + "Every other option is `gauntlet test`'s (--nodes, --time-limit, --cluster, --nodes-file, ...), for every campaign.")
public final class SoakCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @CommandLine.Unmatched List<String> testOptions = new ArrayList<>();

  @Option(names = "--hours", required = true, description = "how long to keep starting campaigns (fractions allowed: 0.5)")
  double hours;

  @Option(names = "--matrix", required = true, description = "the matrix file (JSON: workloads, nemeses, db, options)")
  Path matrixFile;

  @Option(names = "--campaigns", description = "stop after this many campaigns even if time remains")
  Integer maxCampaigns;

  @Option(names = "--seed", defaultValue = "1", description = "the first campaign's seed; each next one adds 1 (default ${DEFAULT-VALUE})")
  long firstSeed;

  @Option(names = "--stop-on-invalid", description = "stop at the first invalid campaign")
  boolean stopOnInvalid;

  @Option(names = "--etcd-bin", description = "etcd's path on the nodes' hosts, for the matrix's etcd cells (default: etcd on the PATH)")
  String etcdBin;

  @Option(names = "--results", defaultValue = "results", description = "where bundles and the soak summary go (default ${DEFAULT-VALUE})")
  Path results;

  @Override
  public Integer call() throws Exception {
    check(hours > 0 && hours <= 24 * 30, "--hours must be in (0, 720], got " + hours);
    check(maxCampaigns == null || maxCampaigns >= 1, "--campaigns must be at least 1");
    check(testOptions.stream().noneMatch(a -> a.equals("--seed") || a.equals("--results") || a.startsWith("--workload")
        || a.startsWith("--nemesis") || a.equals("--db") || a.equals("--test-count")),
        "--workload, --nemesis, --db come from the matrix, and --seed, --results, --test-count are the soak's own");
    SoakMatrix matrix;
    try {
      matrix = SoakMatrix.read(matrixFile);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--matrix " + e.getMessage());
    }
    List<String> options = new ArrayList<>(matrix.options());
    options.addAll(testOptions);
    options.addAll(List.of("--results", results.toString()));
    List<String[]> cells = matrix.cells();
    // Every cell is checked before the first campaign: a typo fails now, not hours in.
    for (String[] c : cells) {
      MatrixCell.parse(spec.commandLine(), new TestCommand(), options, c[0], c[1], c[2], firstSeed, etcdBin, false);
    }
    SoakSummary summary = new SoakSummary(results, hours, "bin/gauntlet soak " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    System.err.println("soak: " + cells.size() + " cells, " + hours + " h, summary in " + summary.dir().resolve("index.html"));
    long t0 = System.nanoTime();
    long until = t0 + (long) (hours * 3600e9);
    int n = 0;
    String end = "finished: time is up";
    while (System.nanoTime() < until) {
      if (maxCampaigns != null && n >= maxCampaigns) {
        end = "finished: " + n + " campaigns";
        break;
      }
      String[] c = cells.get(n % cells.size());
      long seed = firstSeed + n;
      n++;
      TestOptions o = MatrixCell.parse(spec.commandLine(), new TestCommand(), options, c[0], c[1], c[2], seed, etcdBin, false);
      System.err.printf("soak: campaign %d (%s elapsed of %.2f h): %s %s %s seed %d%n", n, elapsed(t0), hours, c[2], c[0], c[1], seed);
      SoakSummary.Campaign result = run(n, o, summary);
      summary.add(result);
      System.err.printf("soak: campaign %d %s%s; so far %d valid, %d invalid, %d unknown, %d crashed%n", n, result.verdict(),
          result.error() != null ? " (" + result.error() + ")" : "", summary.count("valid"), summary.count("invalid"),
          summary.count("unknown"), summary.count("crashed"));
      if (stopOnInvalid && result.verdict().equals("invalid")) {
        end = "stopped at the first invalid campaign (--stop-on-invalid)";
        break;
      }
    }
    summary.finish(end);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("soak %s: %d campaigns, %d valid, %d invalid, %d unknown, %d crashed, %d calls checked -> %s%n", end, n,
        summary.count("valid"), summary.count("invalid"), summary.count("unknown"), summary.count("crashed"), summary.ops(),
        summary.dir().resolve("index.html"));
    out.flush();
    return summary.count("invalid") > 0 ? 1 : summary.count("crashed") + summary.count("unknown") > 0 ? 2 : 0;
  }

  /** One campaign; a crash is recorded with its reason, never thrown. */
  private SoakSummary.Campaign run(int index, TestOptions o, SoakSummary summary) {
    String nemesis = String.join(",", o.nemesis());
    long start = System.nanoTime();
    long wallStart = System.currentTimeMillis();
    try {
      TestRunner.Outcome out = TestRunner.run(o, MatrixCell.command(o), System.err);
      return new SoakSummary.Campaign(index, o.workload(), nemesis, o.db().name(), o.seed(), out.verdict().name().toLowerCase(),
          out.ops(), out.okPerSecond(), out.latency().p99(), (System.nanoTime() - start) / 1e9,
          summary.link(out.bundle()), null, MatrixCell.command(o));
    } catch (Exception | Error e) {
      return new SoakSummary.Campaign(index, o.workload(), nemesis, o.db().name(), o.seed(), "crashed", 0, 0, 0,
          (System.nanoTime() - start) / 1e9, summary.link(crashedBundle(o, wallStart)), e.toString(), MatrixCell.command(o));
    }
  }

  /** The bundle a crashed campaign left (results/latest, if this campaign made it), or null. */
  private Path crashedBundle(TestOptions o, long wallStart) {
    Path latest = results.resolve("latest");
    try {
      if (Files.isSymbolicLink(latest)) {
        Path bundle = results.resolve(Files.readSymbolicLink(latest));
        if (bundle.getParent().getFileName().toString().equals(o.name())
            && Files.getLastModifiedTime(bundle).toMillis() >= wallStart - 1000) {
          return bundle;
        }
      }
    } catch (IOException e) {
      // no link to give
    }
    return null;
  }

  private static String elapsed(long t0) {
    long s = (System.nanoTime() - t0) / 1_000_000_000L;
    return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }
}
