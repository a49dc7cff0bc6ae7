package io.gauntlet.control.testbed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.control.cluster.FreePorts;
import io.gauntlet.control.cluster.ProcessCluster;
import io.gauntlet.control.db.Db;
import io.gauntlet.control.db.EtcdDb;
import io.gauntlet.control.db.GauntletDb;
import io.gauntlet.control.remote.Hosts;
import io.gauntlet.control.remote.LocalHosts;
import io.gauntlet.control.remote.LocalRunner;
import io.gauntlet.control.remote.NetnsHosts;
import io.gauntlet.control.remote.NodeRunner;
import io.gauntlet.control.remote.SshBackedHosts;
import io.gauntlet.control.remote.SshNetnsHosts;
import io.gauntlet.control.remote.SshRunner;
import io.gauntlet.control.remote.SshSessions;
import io.gauntlet.control.remote.ToxiproxyLinks;
import io.gauntlet.nemesis.Fault;
import io.gauntlet.nemesis.Faults;
import io.gauntlet.nemesis.NemesisSchedule;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.Role;
import io.gauntlet.workloads.live.Availability;
import io.gauntlet.workloads.live.KvWorkload;
import io.gauntlet.workloads.live.Latency;
import io.gauntlet.workloads.live.LiveWorkload;
import io.gauntlet.workloads.live.LostAppends;
import io.gauntlet.workloads.live.OpStats;
import io.gauntlet.workloads.live.ReplicaStates;
import io.gauntlet.workloads.sim.HistoryCheck;
import io.gauntlet.workloads.sim.SimHistory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Runs one test: hosts up, a kvraft cluster of real node processes on them, clients and the
 * nemesis for the time limit, every fault healed, a recovery wait, final reads, nodes stopped and
 * their logs collected, the history checked, and the bundle written. Whatever happens, faults are
 * healed, processes stopped and hosts torn down.
 */
public final class TestRunner {
  /**
   * How a test ended: its verdict, its bundle, and a one-line summary.
   *
   * @param faultOkPerSecond ok completions per second while a fault was active (NaN: no fault)
   */
  public record Outcome(Verdict verdict, Path bundle, String summary, long ops, double opsPerSecond, double checkFraction,
      double okPerSecond, Latency latency, double faultOkPerSecond) {}

  private TestRunner() {}

  public static Outcome run(TestOptions o, String commandLine, PrintStream progress) throws Exception {
    Bundle bundle = Bundle.create(o.results(), o.name());
    Path work = Files.createTempDirectory("gauntlet-" + o.name() + "-");
    try (ControlLog ignored = new ControlLog(bundle.dir.resolve("control.log"))) {
      Logger log = ControlLog.logger();
      log.info("test {} seed {} bundle {}", o.name(), o.seed(), bundle.dir);
      writeTestJson(bundle, o, commandLine);
      try {
        return o.workload().equals("mapreduce") ? MapReduceRunner.run(o, bundle, work, progress, log)
            : runIn(o, bundle, work, progress, log);
      } catch (Exception | Error e) {
        log.error("test crashed: {}", e.toString(), e);
        ObjectNode r = Bundle.object();
        r.put("valid", "crashed");
        r.put("error", e.toString());
        bundle.writeJson("results.json", r);
        throw e;
      } finally {
        bundle.linkLatest();
        deleteTree(work);
      }
    }
  }

  private static Outcome runIn(TestOptions o, Bundle bundle, Path work, PrintStream progress, Logger log) throws Exception {
    boolean packetFilter = !o.cluster().equals("local");
    boolean wantLinks = Faults.wantLinks(o.nemesis(), packetFilter) && o.db().name().equals("gauntlet")
        && (ToxiproxyLinks.find() != null || !o.nemesis().contains("all"));
    List<List<Fault>> choices = Faults.parse(o.nemesis(), new Faults.Support(packetFilter, wantLinks, o.workload().equals("shardkv")));
    long setupStart = System.nanoTime();
    Hosts hosts = hosts(o, work, log);
    Db db = null;
    TestCluster cluster = null;
    NemesisSchedule schedule = null;
    ToxiproxyLinks links = null;
    Thread hook = null;
    Map<String, List<String>> groups = null; // the Raft groups, for comparing replicas (gauntlet only)
    try {
      NodeRunner runner = runner(o, hosts, work);
      if (o.db().name().equals("etcd")) {
        db = etcd(o, hosts, runner, work);
      } else {
        ClusterSpec spec = spec(o, hosts);
        groups = replicaGroups(spec);
        List<String> jvm = new ArrayList<>(ProcessCluster.NODE_JVM);
        jvm.addAll(o.nodeJvmOptions());
        ProcessCluster processes = new ProcessCluster(work, spec, jvm, runner);
        if (wantLinks) {
          boolean local = hosts.kind().equals("local");
          links = new ToxiproxyLinks(hosts, spec, work, local ? FreePorts.consecutive(o.nodes()) : 8474,
              local ? FreePorts.consecutive(100 * o.nodes()) : 17000);
          for (String n : hosts.nodes()) {
            processes.view(n, links.viewOf(n, spec));
          }
          processes.clientView(links.clientView(spec));
          log.info("peer and client links through Toxiproxy ({} proxies)", o.nodes() * o.nodes());
        }
        db = new GauntletDb(processes);
      }
      Db target = db;
      ToxiproxyLinks toxi = links;
      hook = new Thread(() -> {
        target.close();
        if (toxi != null) {
          toxi.close();
        }
        hosts.close();
      }, "test-teardown");
      Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C mid-test still stops the nodes and removes the namespaces
      db.startAll();
      log.info("cluster up: {} {} {} nodes in {} ms", o.nodes(), hosts.kind(), db.name(), (System.nanoTime() - setupStart) / 1_000_000);
      cluster = new TestCluster(hosts, db, links);
      long t0 = System.nanoTime();
      SimHistory history = new SimHistory(() -> System.nanoTime() - t0, o.name());
      OpStats stats = new OpStats();
      String[] active = {""};
      schedule = schedule(cluster, choices, o, history, log, active);
      long deadline = t0 + o.timeLimit().toNanos();
      Thread nemesis = startNemesis(schedule, deadline);
      Progress bar = new Progress(progress, t0, o.timeLimit(), stats, () -> active[0], bundle.dir.resolve("live.json"));
      bar.start();
      LiveWorkload workload = LiveWorkload.of(o.workload(), new KvWorkload.Options(o.concurrency(), o.rate(), o.activeKeys(),
          o.opsPerKey(), o.seed()), history, stats);
      // Client c is bound to node c mod n, as Jepsen binds clients to nodes: a node that wrongly
      // believes it still leads is then read from by its own clients, and half the clients (odd c)
      // send it their writes too, so a deposed leader grows a log suffix the next leader overwrites.
      List<String> ids = hosts.nodes();
      workload.run(c -> target.client(ids.get(c % ids.size()), c % 2 == 1), deadline);
      long mainEnd = System.nanoTime();
      schedule.stop();
      nemesis.join(TimeUnit.SECONDS.toMillis(60));
      schedule.healAll();
      for (String n : hosts.nodes()) {
        if (!db.isRunning(n)) {
          db.start(n);
          history.nemesis("start", n);
        }
      }
      bar.phase("recovering");
      log.info("healed; waiting {} ms for recovery", o.recovery().toMillis());
      Thread.sleep(o.recovery().toMillis());
      bar.phase("final reads");
      Map<String, String> finals = workload.finalReads(c -> target.finalClient(), TimeUnit.SECONDS.toNanos(30));
      // With the clients done, the replicas converge on one applied index: compare their states there.
      // Each Raft group's replicas among themselves (kvraft: one group; sharded KV: the
      // controllers and each shard group).
      Map<String, ReplicaStates.Result> states = null;
      if (groups != null) {
        bar.phase("comparing replicas");
        states = ReplicaStates.checkGroups(db::digests, groups, 10_000);
        for (Map.Entry<String, ReplicaStates.Result> e : states.entrySet()) {
          ReplicaStates.Result st = e.getValue();
          log.info("replica states of {}: {} of {} compared at index {}{}{}", e.getKey(), st.compared(),
              groups.get(e.getKey()).size(), st.applied(), st.agree() ? "" : "; " + st.divergence(),
              st.note().isEmpty() ? "" : " (" + st.note() + ")");
        }
      }
      bar.stop();
      double seconds = (mainEnd - t0) / 1e9;
      if (!o.leaveDbRunning()) {
        for (String n : hosts.nodes()) {
          if (db.isRunning(n)) {
            int status = db.stop(n);
            log.info("{} stopped with status {}", n, status);
          }
        }
      }
      Map<String, Path> journals = new LinkedHashMap<>();
      for (String n : hosts.nodes()) {
        bundle.addNodeLog(n, db.log(n), db.console(n));
        journals.put(n, bundle.addJournal(n, db.journal(n)));
      }
      JournalCheck.Result journal = db.name().equals("gauntlet") ? JournalCheck.check(journals) : null;
      return check(o, workload.model(), bundle, history.build(), finals, stats, seconds, journal, states, log);
    } finally {
      if (schedule != null) {
        schedule.healAll();
      }
      if (db != null && !o.leaveDbRunning()) {
        db.close();
      }
      if (links != null && !o.leaveDbRunning()) {
        links.close();
      }
      if (!o.leaveDbRunning()) {
        hosts.close();
      }
      removeHook(hook);
      log.info("teardown done");
    }
  }

  /** Removes the teardown hook once the test has torn down by itself (null: none was added). */
  static void removeHook(Thread hook) {
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  /** The nemesis's schedule: each fault recorded in the history and control.log, the active one's name kept in {@code active[0]}. */
  static NemesisSchedule schedule(io.gauntlet.nemesis.NodeShell shell, List<List<Fault>> choices, TestOptions o,
      SimHistory history, Logger log, String[] active) {
    return new NemesisSchedule(shell, choices, o.nemesisInterval().toNanos(), o.seed(), (f, v) -> {
      history.nemesis(f, v);
      log.info("nemesis {} {}", f, v);
    }, s -> active[0] = s);
  }

  /** Runs {@code schedule} until {@code deadline} on a daemon thread. */
  static Thread startNemesis(NemesisSchedule schedule, long deadline) {
    Thread nemesis = new Thread(() -> {
      try {
        schedule.run(deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "nemesis");
    nemesis.setDaemon(true);
    nemesis.start();
    return nemesis;
  }

  /** The test's hosts, up: real ones over SSH, namespaces (reached over SSH with --ssh), or loopback. */
  static Hosts hosts(TestOptions o, Path work, Logger log) throws IOException {
    long start = System.nanoTime();
    Hosts hosts = o.sshHosts() != null ? io.gauntlet.control.remote.SshHosts.connect(o.sshHosts().nodesFile(), o.sshHosts().settings())
        : o.ssh() ? SshNetnsHosts.create(o.nodes(), work)
        : o.cluster().equals("netns") ? NetnsHosts.create(o.nodes()) : new LocalHosts(o.nodes(), FreePorts.consecutive(o.nodes()));
    log.info("hosts up: {} {} in {} ms", o.nodes(), hosts.kind(), (System.nanoTime() - start) / 1_000_000);
    return hosts;
  }

  /** How processes are started on the hosts: over SSH when the hosts are reached that way, else as children of this JVM. */
  static NodeRunner runner(TestOptions o, Hosts hosts, Path work) throws IOException {
    SshSessions sessions = hosts instanceof SshBackedHosts ssh ? ssh.sessions() : null;
    return sessions != null
        ? new SshRunner(sessions, "/tmp/gauntlet-ssh/" + o.name() + "-" + work.getFileName(), SshRunner.findJar())
        : new LocalRunner(work, hosts::onNode);
  }

  /**
   * etcd members on the hosts: on their own addresses, etcd's usual ports 2379 (clients) and 2380
   * (peers); on loopback, two blocks of free ports.
   */
  private static Db etcd(TestOptions o, Hosts hosts, NodeRunner runner, Path work) throws IOException {
    boolean local = hosts.kind().equals("local");
    int clientBase = local ? FreePorts.consecutive(2 * o.nodes()) : 2379;
    int peerBase = local ? clientBase + o.nodes() : 2380;
    Map<String, EtcdDb.Endpoint> endpoints = new LinkedHashMap<>();
    List<String> ids = hosts.nodes();
    for (int i = 0; i < ids.size(); i++) {
      String n = ids.get(i);
      endpoints.put(n, new EtcdDb.Endpoint(hosts.address(n), local ? clientBase + i : clientBase, local ? peerBase + i : peerBase));
    }
    return new EtcdDb(runner, work, o.db().etcdBinary(), endpoints, o.db().serializableReads());
  }

  /** The Raft groups of a cluster, by name ("controllers", "group 100", ...; "replicas" for kvraft). */
  static Map<String, List<String>> replicaGroups(ClusterSpec spec) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ClusterSpec.NodeSpec n : spec.nodes()) {
      String name = n.group() != null ? "group " + n.group()
          : n.roleValue() == Role.SHARDCTRLER ? "controllers" : "replicas";
      groups.computeIfAbsent(name, k -> new ArrayList<>()).add(n.id());
    }
    return groups;
  }

  /**
   * kvraft replicas on every node; or, for {@code --workload shardkv}, three shard controllers
   * (n1-n3) and groups of three (100: n4-n6, 101: n7-n9, ...).
   */
  private static ClusterSpec spec(TestOptions o, Hosts hosts) {
    List<ClusterSpec.NodeSpec> nodes = new ArrayList<>();
    boolean sharded = o.workload().equals("shardkv");
    List<String> ids = hosts.nodes();
    for (int i = 0; i < ids.size(); i++) {
      String n = ids.get(i);
      String role = !sharded ? Role.KVRAFT.wireName() : i < 3 ? Role.SHARDCTRLER.wireName() : Role.SHARDKV.wireName();
      nodes.add(new ClusterSpec.NodeSpec(n, hosts.address(n) + ":" + hosts.port(n), role, sharded && i >= 3 ? 100 + (i - 3) / 3 : null));
    }
    // Snapshots every ~512 KiB of log, so a minute of load exercises snapshots and InstallSnapshot.
    return new ClusterSpec(o.name(), "cluster.secret", 10, new ClusterSpec.RaftSettings(10, 5, 20, 512L * 1024, 100), nodes);
  }

  private static Outcome check(TestOptions o, String model, Bundle bundle, History history, Map<String, String> finals,
      OpStats stats, double seconds, JournalCheck.Result journal, Map<String, ReplicaStates.Result> states, Logger log)
      throws IOException {
    long checkStart = System.nanoTime();
    CheckResult lin = HistoryCheck.linearizable(history, model, Duration.ofMinutes(5));
    List<LostAppends.Loss> lost = model.equals("kv") ? LostAppends.check(history, finals) : List.of();
    List<Availability.Window> availability = Availability.of(history);
    Latency latency = Latency.of(history);
    double faultOkRate = Availability.okPerSecond(availability);
    double checkSeconds = (System.nanoTime() - checkStart) / 1e9;
    long ops = stats.total();
    Verdict verdict = !lost.isEmpty() ? Verdict.INVALID : lin.verdict();
    String cause = null;
    if (journal != null && !journal.safe()) {
      // Raft broke a safety property whether or not a client read the damage.
      verdict = Verdict.INVALID;
      cause = journal.violationCount() + " raft safety violations in the nodes' journals, e.g. " + journal.violations().get(0);
    }
    if (states != null) {
      for (Map.Entry<String, ReplicaStates.Result> e : states.entrySet()) {
        if (!e.getValue().agree()) {
          verdict = Verdict.INVALID;
          cause = (cause == null ? "" : cause + "; ") + (states.size() > 1 ? e.getKey() + ": " : "")
              + e.getValue().divergence();
        }
      }
    }
    if (verdict == Verdict.VALID && stats.ok.get() == 0) {
      verdict = Verdict.UNKNOWN;
      cause = "no call completed: the cluster never served";
    }
    List<String> unread = LostAppends.unread(finals);
    if (verdict == Verdict.VALID && !unread.isEmpty()) {
      verdict = Verdict.UNKNOWN;
      cause = "the final reads of " + unread.size() + " keys (" + String.join(" ", unread.subList(0, Math.min(5, unread.size())))
          + (unread.size() > 5 ? " ..." : "") + ") got no answer within 30 s after every fault was healed: the cluster did not recover";
    }
    HistoryCheck.write(bundle.dir, history, lin); // history.jsonl, linear.html, plots, timeline
    bundle.writeEdn(history);
    ObjectNode r = Bundle.object();
    r.put("valid", verdict == Verdict.VALID ? "true" : verdict == Verdict.INVALID ? "false" : "unknown");
    if (cause != null) {
      r.put("cause", cause);
    }
    r.set("linearizable", lin.toJson());
    ArrayNode lostJson = r.putArray("lost-appends");
    lost.forEach(l -> lostJson.add(Bundle.JSON.valueToTree(l)));
    ArrayNode av = r.putArray("availability");
    availability.forEach(w -> av.add(Bundle.JSON.valueToTree(w)));
    r.set("latency-ms", Bundle.JSON.valueToTree(latency));
    if (journal != null) {
      r.set("raft-journal", Bundle.JSON.valueToTree(journal));
    }
    if (states != null) {
      // One group (kvraft): its result; several (sharded KV): an object of them by group.
      r.set("replica-states", Bundle.JSON.valueToTree(states.size() == 1 ? states.values().iterator().next() : states));
    }
    ObjectNode st = r.putObject("stats");
    st.put("ok", stats.ok.get()).put("fail", stats.fail.get()).put("info", stats.info.get())
        .put("seconds", seconds).put("ops-per-second", ops / seconds).put("check-seconds", checkSeconds)
        .put("check-fraction", checkSeconds / seconds).put("ok-per-second-during-faults", faultOkRate);
    bundle.writeJson("results.json", r);
    String summary = String.format("%s: %s, %d ops (%.0f ok/s), %d info, checked in %.1f s (%.1f%% of the run)%s -> %s",
        o.name(), verdict.name().toLowerCase(), ops, stats.ok.get() / seconds, stats.info.get(), checkSeconds,
        100 * checkSeconds / seconds,
        cause != null ? "; " + cause
            : verdict == Verdict.INVALID ? "; " + (lost.isEmpty() ? HistoryCheck.summary(lin) : lost.size() + " acknowledged appends lost, e.g. " + lost.get(0))
            : "",
        bundle.dir);
    log.info(summary);
    return new Outcome(verdict, bundle.dir, summary, ops, ops / seconds, checkSeconds / seconds, stats.ok.get() / seconds,
        latency, faultOkRate);
  }

  private static void writeTestJson(Bundle bundle, TestOptions o, String commandLine) throws IOException {
    ObjectNode t = Bundle.object();
    t.put("name", o.name());
    t.put("db", o.db().name());
    if (o.db().name().equals("etcd")) {
      t.put("etcd-bin", o.db().etcdBinary());
      t.put("serializable-reads", o.db().serializableReads());
    }
    t.put("workload", o.workload());
    t.putPOJO("nemesis", o.nemesis());
    t.put("cluster", o.cluster());
    t.put("nodes", o.nodes());
    t.put("time-limit-s", o.timeLimit().toMillis() / 1000.0);
    t.put("concurrency", o.concurrency());
    t.put("rate", o.rate());
    t.put("seed", o.seed());
    t.put("nemesis-interval-s", o.nemesisInterval().toMillis() / 1000.0);
    t.put("recovery-s", o.recovery().toMillis() / 1000.0);
    t.put("active-keys", o.activeKeys());
    t.put("ops-per-key", o.opsPerKey());
    if (o.workload().equals("mapreduce")) {
      t.put("mr-app", o.mr().app());
      t.put("mr-input", o.mr().input() == null ? null : o.mr().input().toString());
      t.put("mr-task-timeout-s", o.mr().taskTimeout().toMillis() / 1000.0);
    }
    t.putPOJO("node-jvm-options", o.nodeJvmOptions());
    t.put("git-commit", GitCommit.describe());
    t.put("command", commandLine);
    bundle.writeJson("test.json", t);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp folder; the OS cleans it eventually
    }
  }
}
