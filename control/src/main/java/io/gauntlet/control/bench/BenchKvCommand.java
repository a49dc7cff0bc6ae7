package io.gauntlet.control.bench;

import io.gauntlet.control.cluster.EtcdCluster;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet bench kv}: Gauntlet's kvraft against etcd, side by side on this machine: both
 * clusters of {@code --nodes} real processes on loopback with fsync on, the same closed-loop
 * workload, alternating targets row by row, and a table of throughput and latency quantiles with
 * the ratio gauntlet/etcd.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
    description = "Key/value throughput and latency: Gauntlet kvraft vs etcd, same machine, same run.")
public final class BenchKvCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--target", defaultValue = "both", description = "gauntlet, etcd or both (default ${DEFAULT-VALUE})")
  String target;

  @Option(names = "--nodes", defaultValue = "3", description = "cluster size (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--clients", defaultValue = "1,16,64", split = ",", description = "closed-loop clients per row (default ${DEFAULT-VALUE})")
  List<Integer> clients;

  @Option(names = "--ops", defaultValue = "put,get", split = ",", description = "put and/or get (default ${DEFAULT-VALUE})")
  List<String> ops;

  @Option(names = "--duration", defaultValue = "20s", converter = io.gauntlet.control.cli.DurationConverter.class,
      description = "measured time per row (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "3s", converter = io.gauntlet.control.cli.DurationConverter.class,
      description = "unmeasured time before each row (default ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(names = "--keys", defaultValue = "1000", description = "key space (default ${DEFAULT-VALUE})")
  int keys;

  @Option(names = "--value-bytes", defaultValue = "100", description = "value size (default ${DEFAULT-VALUE})")
  int valueBytes;

  @Option(names = "--etcd-bin", description = "the etcd binary (default: etcd on the PATH)")
  String etcdBin;

  @Option(names = "--work-dir", description = "where the clusters keep their data (default: a temp folder, deleted after)")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    List<String> targets = switch (target) {
      case "both" -> List.of("gauntlet", "etcd");
      case "gauntlet", "etcd" -> List.of(target);
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "--target must be gauntlet, etcd or both, got '" + target + "'");
    };
    if (nodes < 1 || nodes > 9) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1..9, got " + nodes);
    }
    for (int c : clients) {
      if (c < 1 || c > 1024) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--clients values must be 1..1024, got " + c);
      }
    }
    for (String op : ops) {
      if (!op.equals("put") && !op.equals("get")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--ops takes put and get, got '" + op + "'");
      }
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be positive and --warmup not negative");
    }
    if (keys < 1 || valueBytes < 1 || valueBytes > 1 << 20) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--keys must be positive and --value-bytes 1..1048576");
    }
    String etcd = null;
    if (targets.contains("etcd")) {
      etcd = etcdBin != null ? etcdBin : EtcdCluster.findOnPath();
      if (etcd == null || !Files.isExecutable(Path.of(etcd))) {
        spec.commandLine().getErr().println("error: etcd not found" + (etcdBin != null ? " at " + etcdBin : " on the PATH")
            + "; install it with: apt-get install -y etcd-server   (or pass --etcd-bin PATH, or --target gauntlet)");
        return io.gauntlet.control.cli.GauntletCli.EXIT_USAGE;
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean temp = workDir == null;
    Path work = temp ? Files.createTempDirectory("gauntlet-bench-kv") : Files.createDirectories(workDir);
    Map<String, KvTarget> up = new LinkedHashMap<>();
    try {
      for (String t : targets) {
        out.printf("starting %s: %d nodes on loopback (data in %s)%n", t, nodes, work.resolve(t));
        out.flush();
        Files.createDirectories(work.resolve(t));
        up.put(t, t.equals("etcd") ? new EtcdTarget(work.resolve(t), etcd, nodes) : new GauntletTarget(work.resolve(t), nodes));
      }
      byte[] value = new byte[valueBytes];
      java.util.Arrays.fill(value, (byte) 'v');
      int maxClients = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
      for (KvTarget t : up.values()) {
        t.clients(maxClients);
        preload(t, keys, value); // every key exists before reads are measured
      }
      List<String[]> table = new ArrayList<>();
      table.add(new String[] {"op", "clients", "target", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "gauntlet/etcd ops/s", "p99 ratio"});
      for (String op : ops) {
        for (int c : clients) {
          Map<String, ClosedLoop.Result> row = new LinkedHashMap<>();
          for (Map.Entry<String, KvTarget> e : up.entrySet()) {
            out.printf("  %s %s c%d: %ds warm-up + %ds ...%n", e.getKey(), op, c, warmup.toSeconds(), duration.toSeconds());
            out.flush();
            row.put(e.getKey(), ClosedLoop.run(e.getValue(), op, c, keys, value, warmup, duration, 42));
          }
          ClosedLoop.Result g = row.get("gauntlet");
          ClosedLoop.Result et = row.get("etcd");
          for (Map.Entry<String, ClosedLoop.Result> e : row.entrySet()) {
            ClosedLoop.Result r = e.getValue();
            boolean first = e.getKey().equals(targets.get(0));
            table.add(new String[] {op, String.valueOf(c), e.getKey(), String.format("%.0f", r.opsPerSecond()),
                ms(r, 50), ms(r, 99), ms(r, 99.9), String.valueOf(r.errors()),
                first && g != null && et != null ? String.format("%.2fx", g.opsPerSecond() / et.opsPerSecond()) : "",
                first && g != null && et != null ? String.format("%.2fx", q(g, 99) / q(et, 99)) : ""});
          }
        }
      }
      out.println();
      io.gauntlet.control.cli.Tables.print(out, table);
      return 0;
    } finally {
      up.values().forEach(KvTarget::close);
      if (temp) {
        deleteTree(work);
      }
    }
  }

  /** Writes every key once, so gets read real values. */
  private static void preload(KvTarget t, int keys, byte[] value) throws Exception {
    List<java.util.concurrent.CompletableFuture<?>> batch = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      batch.add(t.put(k % 16, "key-" + k, value));
      if (batch.size() == 16) {
        for (var f : batch) {
          f.get();
        }
        batch.clear();
      }
    }
    for (var f : batch) {
      f.get();
    }
  }

  private static double q(ClosedLoop.Result r, double p) {
    return r.latencyMicros().getValueAtPercentile(p) / 1000.0;
  }

  private static String ms(ClosedLoop.Result r, double p) {
    return r.ops() == 0 ? "-" : String.format("%.2f", q(r, p));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (java.io.IOException e) {
      System.err.println("warning: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
