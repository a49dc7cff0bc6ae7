package io.gauntlet.control.cli;

import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.control.remote.NetnsHosts;
import io.gauntlet.control.testbed.TestOptions;
import io.gauntlet.control.testbed.TestRunner;
import io.gauntlet.nemesis.Faults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet test}: one campaign (or {@code --test-count} of them) on a cluster of real node
 * processes under faults; exit 0 valid, 1 invalid, 2 unknown, 254 bad arguments, 255 internal error.
 */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a test: real nodes, concurrent clients, nemeses, every history checked; a bundle per run.")
public final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--workload", defaultValue = "kv", description = "kv (get/put/append, many keys), register "
      + "(read/write/cas registers, model cas-register), versioned-kv (get/versioned put), lock (acquire/release "
      + "locks built on get and versioned put, model mutex), shardkv (kv on shard controllers and groups of 3; "
      + "nemesis shard moves shards) or mapreduce (MapReduce jobs back to back: coordinator on n1, a worker on every "
      + "other node; each output must equal `mr sequential`'s) (default ${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--nemesis", defaultValue = "partition,kill,pause", split = ",",
      description = "fault families or precise faults, comma-separated: partition, loss, kill, pause, latency, bandwidth, "
          + "timeout, reset, slicer, all, none, partition-halves, kill-leader, ... (default ${DEFAULT-VALUE})")
  List<String> nemesis;

  @Option(names = "--nodes", defaultValue = "5", description = "node processes (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--time-limit", defaultValue = "60", description = "seconds of load under faults (default ${DEFAULT-VALUE})")
  double timeLimit;

  @Option(names = "--cluster", description = "netns (the default as root: one network namespace per node, iptables), "
      + "local (loopback; Toxiproxy for partitions) or ssh (real hosts from --nodes-file)")
  String cluster;

  @Option(names = "--concurrency", defaultValue = "10", description = "client threads (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--rate", defaultValue = "0", description = "calls per second across clients, 0 unlimited (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--seed", description = "seed of the client choices and the fault schedule (default: random, printed)")
  Long seed;

  @Option(names = "--nemesis-interval", defaultValue = "10", description = "seconds between faults and of each fault (default ${DEFAULT-VALUE})")
  double nemesisInterval;

  @Option(names = "--recovery", defaultValue = "5", description = "seconds to wait after healing before the final reads (default ${DEFAULT-VALUE})")
  double recovery;

  @Option(names = "--test-count", defaultValue = "1", description = "run the test this many times, seeds seed, seed+1, ... (default ${DEFAULT-VALUE})")
  int testCount;

  @Option(names = "--keys", defaultValue = "8", description = "keys in use at once (default ${DEFAULT-VALUE})")
  int activeKeys;

  @Option(names = "--ops-per-key", defaultValue = "200", description = "calls per key before it is retired (default ${DEFAULT-VALUE})")
  int opsPerKey;

  @Option(names = "--leave-db-running", description = "leave the nodes (and namespaces) up after the test")
  boolean leaveDbRunning;

  @Option(names = "--results", defaultValue = "results", description = "where bundles go (default ${DEFAULT-VALUE})")
  Path results;

  @Option(names = "--name", description = "the test's name (default WORKLOAD-NEMESES-CLUSTER)")
  String name;

  @Option(names = "--ssh", description = "with --cluster netns: reach every node only over SSH (an sshd in each namespace), as real hosts")
  boolean ssh;

  @Option(names = "--nodes-file", description = "with --cluster ssh: the hosts, one 'ID HOST' per line")
  Path nodesFile;

  @Option(names = "--username", defaultValue = "root", description = "SSH user (default ${DEFAULT-VALUE})")
  String username;

  @Option(names = "--ssh-private-key", description = "SSH private key (default ~/.ssh/id_ed25519, else ~/.ssh/id_rsa)")
  Path sshPrivateKey;

  @Option(names = "--strict-host-key-checking", defaultValue = "yes",
      description = "yes: hosts must be in ~/.ssh/known_hosts; no: accept any host key (default ${DEFAULT-VALUE})")
  String strictHostKeyChecking;

  @Option(names = "--db", defaultValue = "gauntlet",
      description = "the system under test: gauntlet (its kvraft nodes) or etcd (default ${DEFAULT-VALUE})")
  String db;

  @Option(names = "--etcd-bin", description = "with --db etcd: etcd's path on the nodes' hosts (default: etcd on the PATH)")
  String etcdBin;

  @Option(names = "--serializable-reads", description = "with --db etcd: workload reads are etcd's serializable reads, "
      + "answered by the member alone (etcd documents that they may be stale)")
  boolean serializableReads;

  @Option(names = "--mr-app", defaultValue = "wc", description = "with --workload mapreduce: the app, wc or indexer "
      + "(or a MapReduceApp class name) (default ${DEFAULT-VALUE})")
  String mrApp;

  @Option(names = "--mr-input", description = "with --workload mapreduce: a folder whose files are every job's input "
      + "(default: a corpus of 8 files, 1 MiB, generated from the seed)")
  Path mrInput;

  @Option(names = "--mr-task-timeout", defaultValue = "3", description = "with --workload mapreduce: seconds before the "
      + "coordinator re-issues a task not reported done (default ${DEFAULT-VALUE})")
  double mrTaskTimeout;

  @Option(names = "--node-jvm-opt", hidden = true, description = "extra JVM option for node processes (test fixtures)")
  List<String> nodeJvmOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    TestOptions base = options();
    int worst = 0;
    io.gauntlet.control.testbed.CampaignRecord record = testCount > 1 // a soak of one cell: browsable as a campaign
        ? new io.gauntlet.control.testbed.CampaignRecord(base.results(), "test-count", commandLine(base.seed()) + " --test-count " + testCount) : null;
    for (int i = 0; i < testCount; i++) {
      TestOptions o = withSeed(base, base.seed() + i);
      System.err.println("test " + o.name() + " seed " + o.seed() + " (" + o.nodes() + " " + o.cluster() + " nodes, "
          + (long) timeLimit + " s, nemesis " + String.join(",", o.nemesis()) + ")");
      TestRunner.Outcome out = TestRunner.run(o, commandLine(o.seed()), System.err);
      spec.commandLine().getOut().println(out.summary());
      spec.commandLine().getOut().flush();
      worst = Math.max(worst, exitCode(out.verdict()));
      if (record != null) {
        record.add(o.workload(), String.join(",", o.nemesis()), o.db().name(), o.seed(), out.verdict().name().toLowerCase(), out.bundle());
      }
    }
    if (record != null) {
      record.finish();
    }
    return worst;
  }

  static int exitCode(Verdict v) {
    return switch (v) {
      case VALID -> 0;
      case INVALID -> 1;
      default -> 2;
    };
  }

  TestOptions options() {
    if (!List.of("kv", "register", "versioned-kv", "lock", "shardkv", "mapreduce").contains(workload)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--workload must be kv, register, versioned-kv, lock, shardkv or mapreduce, got '" + workload + "'");
    }
    String kind = cluster != null ? cluster : NetnsHosts.missing() == null ? "netns" : "local";
    if (!kind.equals("netns") && !kind.equals("local") && !kind.equals("ssh")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cluster must be netns, local or ssh, got '" + kind + "'");
    }
    TestOptions.SshTarget target = null;
    if (kind.equals("ssh")) {
      check(nodesFile != null, "--cluster ssh needs --nodes-file FILE (one 'ID HOST' per line)");
      try {
        nodes = io.gauntlet.control.remote.SshHosts.readNodesFile(nodesFile).size();
      } catch (java.io.IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--nodes-file: " + e.getMessage());
      }
      check(strictHostKeyChecking.equals("yes") || strictHostKeyChecking.equals("no"),
          "--strict-host-key-checking must be yes or no, got '" + strictHostKeyChecking + "'");
      Path home = Path.of(System.getProperty("user.home"), ".ssh");
      Path key = sshPrivateKey != null ? sshPrivateKey
          : java.nio.file.Files.exists(home.resolve("id_ed25519")) ? home.resolve("id_ed25519") : home.resolve("id_rsa");
      check(java.nio.file.Files.isReadable(key), "--ssh-private-key " + key + " is not a readable file");
      Path known = home.resolve("known_hosts");
      boolean strict = strictHostKeyChecking.equals("yes");
      check(!strict || java.nio.file.Files.isReadable(known), "host keys are checked against " + known
          + ", which does not exist (add the hosts with ssh-keyscan, or pass --strict-host-key-checking no)");
      target = new TestOptions.SshTarget(nodesFile, new io.gauntlet.control.remote.SshSessions.Settings(username, key,
          strict ? known : null, strict, 22));
    }
    if (kind.equals("netns") && NetnsHosts.missing() != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cluster netns: " + NetnsHosts.missing());
    }
    if (ssh && !kind.equals("netns")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ssh goes with --cluster netns");
    }
    if (ssh && io.gauntlet.control.remote.SshNetnsHosts.missing() != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ssh: " + io.gauntlet.control.remote.SshNetnsHosts.missing());
    }
    boolean toxiproxy = io.gauntlet.control.remote.ToxiproxyLinks.find() != null;
    TestOptions.MrJob mr = mrJob(kind);
    try {
      Faults.parse(nemesis, new Faults.Support(!kind.equals("local"), toxiproxy || !nemesis.contains("all"), workload.equals("shardkv")));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nemesis: " + e.getMessage());
    }
    if (Faults.wantLinks(nemesis, !kind.equals("local")) && !toxiproxy && !nemesis.contains("all")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nemesis " + String.join(",", nemesis)
          + " needs Toxiproxy, which is not installed; as root run: " + io.gauntlet.control.remote.ToxiproxyLinks.INSTALL);
    }
    check(nodes >= 1 && nodes <= 50, "--nodes must be 1..50, got " + nodes);
    check(!workload.equals("shardkv") || nodes >= 6 && nodes % 3 == 0, "--workload shardkv runs 3 shard controllers "
        + "and groups of 3: --nodes must be a multiple of 3 from 6 (9: two groups), got " + nodes);
    check(timeLimit > 0 && timeLimit <= 86_400, "--time-limit must be in (0, 86400] seconds, got " + timeLimit);
    check(concurrency >= 1 && concurrency <= 1000, "--concurrency must be 1..1000, got " + concurrency);
    check(rate >= 0, "--rate must be >= 0, got " + rate);
    check(nemesisInterval > 0, "--nemesis-interval must be positive, got " + nemesisInterval);
    check(recovery >= 0, "--recovery must be >= 0, got " + recovery);
    check(testCount >= 1, "--test-count must be >= 1, got " + testCount);
    check(activeKeys >= 1 && opsPerKey >= 1, "--keys and --ops-per-key must be positive");
    long s = seed != null ? seed : System.nanoTime() % 1_000_000;
    String n = name != null ? name : (db.equals("gauntlet") ? "" : db + (serializableReads ? "-serializable" : "") + "-")
        + workload + "-" + String.join("+", nemesis) + "-" + kind + (ssh ? "-ssh" : "");
    check(n.matches("[A-Za-z0-9_.+-]{1,100}"), "--name may hold A-Z a-z 0-9 _ . + - only, got '" + n + "'");
    return new TestOptions(n, workload, List.copyOf(nemesis), kind, nodes, Duration.ofMillis((long) (timeLimit * 1000)),
        concurrency, rate, s, Duration.ofMillis((long) (nemesisInterval * 1000)), Duration.ofMillis((long) (recovery * 1000)),
        activeKeys, opsPerKey, leaveDbRunning, results, List.copyOf(nodeJvmOptions), ssh, target, dbTarget(kind), mr);
  }

  /**
   * The --mr-* options, checked with what --workload mapreduce cannot use: etcd, client options (a
   * job has no clients), link faults (workers reach each other directly, not through proxies), and
   * fewer than 2 nodes (a coordinator and at least one worker).
   */
  private TestOptions.MrJob mrJob(String kind) {
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    if (!workload.equals("mapreduce")) {
      for (String opt : List.of("--mr-app", "--mr-input", "--mr-task-timeout")) {
        check(!given.hasMatchedOption(opt), opt + " goes with --workload mapreduce");
      }
      return TestOptions.MrJob.DEFAULT;
    }
    check(db.equals("gauntlet"), "--workload mapreduce runs Gauntlet's own MapReduce (gauntlet mr), not --db " + db);
    for (String opt : List.of("--concurrency", "--rate", "--keys", "--ops-per-key", "--leave-db-running")) {
      check(!given.hasMatchedOption(opt), opt + " has no meaning with --workload mapreduce (no clients, no database: "
          + "its load is the jobs, whose processes end with them)");
    }
    if (kind.equals("local") && !given.hasMatchedOption("--nemesis")) {
      nemesis = List.of("kill", "pause"); // the default's partitions need a packet filter of each node's own
    }
    check(nodes >= 2, "--workload mapreduce runs the coordinator on n1 and a worker on each other node: --nodes must be "
        + "at least 2, got " + nodes);
    for (String n : nemesis) {
      String family = Faults.familyOf(n.trim());
      check(family == null || !Faults.needsLinks(family) && !family.equals("shard")
          && (!family.equals("partition") || !kind.equals("local")),
          "--workload mapreduce: nemesis '" + n + "' is not available (its workers reach each other directly, not "
          + "through Toxiproxy): use kill, pause, and partition or loss with --cluster netns or ssh");
    }
    try {
      io.gauntlet.system.mapreduce.Apps.load(mrApp);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--mr-app: " + e.getMessage());
    }
    check(mrInput == null || java.nio.file.Files.isDirectory(mrInput), "--mr-input " + mrInput + " is not a folder");
    if (mrInput != null) {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(mrInput)) {
        check(files.anyMatch(java.nio.file.Files::isRegularFile), "--mr-input " + mrInput + " holds no file");
      } catch (java.io.IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--mr-input " + mrInput + ": " + e.getMessage());
      }
    }
    check(mrTaskTimeout > 0, "--mr-task-timeout must be positive, got " + mrTaskTimeout);
    return new TestOptions.MrJob(mrApp, mrInput == null ? null : mrInput.toAbsolutePath(),
        Duration.ofMillis((long) (mrTaskTimeout * 1000)));
  }

  /** --db, --etcd-bin and --serializable-reads, checked together. */
  private TestOptions.DbTarget dbTarget(String kind) {
    check(db.equals("gauntlet") || db.equals("etcd"), "--db must be gauntlet or etcd, got '" + db + "'");
    if (db.equals("gauntlet")) {
      check(etcdBin == null && !serializableReads, "--etcd-bin and --serializable-reads go with --db etcd");
      return TestOptions.DbTarget.GAUNTLET;
    }
    check(!workload.equals("versioned-kv") && !workload.equals("shardkv"),
        "--db etcd runs the kv, register and lock workloads (versioned-kv and shardkv are Gauntlet's own services)");
    check(!Faults.wantLinks(nemesis, !kind.equals("local")) || nemesis.contains("all"),
        "--db etcd: these faults need a Toxiproxy on every peer link (link faults; partitions on --cluster local), which "
        + "etcd's peer URLs do not allow; use partition and loss (with --cluster netns or ssh), kill and pause");
    String bin = etcdBin != null ? etcdBin : io.gauntlet.control.cluster.EtcdMember.findOnPath();
    check(bin != null, "--db etcd: no etcd on the PATH; install it (Debian: apt-get install etcd-server) or pass --etcd-bin PATH");
    check(kind.equals("ssh") || java.nio.file.Files.isExecutable(Path.of(bin)), "--etcd-bin " + bin + " is not an executable file");
    return TestOptions.DbTarget.etcd(bin, serializableReads);
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  static TestOptions withSeed(TestOptions o, long seed) {
    return o.withSeed(seed);
  }

  /** The command that repeats this run exactly (for test.json). */
  private String commandLine(long s) {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (!args.isEmpty() && args.get(0).equals("test")) {
      args.remove(0); // picocli keeps the subcommand's own name first
    }
    StringBuilder sb = new StringBuilder("bin/gauntlet test");
    boolean skip = false;
    for (String a : args) {
      if (skip) {
        skip = false;
        continue;
      }
      if (a.equals("--seed") || a.equals("--test-count")) {
        skip = true;
        continue;
      }
      if (a.startsWith("--seed=") || a.startsWith("--test-count=")) {
        continue;
      }
      sb.append(' ').append(a);
    }
    return sb.append(" --seed ").append(s).toString();
  }
}
