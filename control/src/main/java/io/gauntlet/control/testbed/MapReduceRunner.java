package io.gauntlet.control.testbed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.control.remote.Hosts;
import io.gauntlet.control.remote.NodeRunner;
import io.gauntlet.nemesis.Fault;
import io.gauntlet.nemesis.Faults;
import io.gauntlet.nemesis.NemesisSchedule;
import io.gauntlet.system.mapreduce.Apps;
import io.gauntlet.system.mapreduce.Corpus;
import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.Tasks;
import io.gauntlet.workloads.live.OpStats;
import io.gauntlet.workloads.sim.SimHistory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * {@code gauntlet test --workload mapreduce}: MapReduce jobs back to back for the time limit, each
 * a fresh coordinator on n1 and workers on n2..nN (see {@link MrCluster}), under the nemesis; each
 * job's output compared with the sequential run of the same app on the same input ({@link
 * MrOutputCheck}). The job in progress at the time limit gets {@link #FINISH_BOUND_SECONDS} after
 * every fault is healed. One history op per job (invoke at start; ok with the comparison, fail
 * when the job reported failure, info when it was abandoned or did not finish), so the timeline and
 * plots show jobs against the nemesis's intervals.
 */
final class MapReduceRunner {
  /** Reduce tasks per job, as the labs' test. */
  static final int N_REDUCE = 10;
  /** The generated corpus: enough files for every worker to map several, small enough for a job of seconds. */
  static final int CORPUS_FILES = 8;
  static final long CORPUS_BYTES = 1L << 20;
  /** How long the last job may take to finish once every fault is healed, before the test says unknown. */
  static final long FINISH_BOUND_SECONDS = 30;

  /** How one job ended. */
  enum Ending { EQUAL, DIFFERS, FAILED, ABANDONED, UNFINISHED }

  /** One job: how it ended, how long it ran, and where its output first differs (DIFFERS only). */
  record Job(int job, Ending ending, double seconds, int workerStarts, MrOutputCheck.Difference difference, String error) {}

  private final TestOptions o;
  private final Bundle bundle;
  private final Path work;
  private final Logger log;
  private final MrCluster cluster;
  private final NodeRunner runner;
  private final Hosts hosts;
  private final String base;
  private NemesisSchedule schedule;
  private Thread nemesis;
  private SimHistory history;
  private long healedAt;

  private MapReduceRunner(TestOptions o, Bundle bundle, Path work, Logger log, Hosts hosts, NodeRunner runner) {
    this.o = o;
    this.bundle = bundle;
    this.work = work;
    this.log = log;
    this.hosts = hosts;
    this.runner = runner;
    this.cluster = new MrCluster(hosts, runner, o.nodeJvmOptions(), log);
    this.base = runner.runDir(cluster.coordinator()) + "/mr";
  }

  static TestRunner.Outcome run(TestOptions o, Bundle bundle, Path work, PrintStream progress, Logger log) throws Exception {
    List<List<Fault>> choices = choices(o);
    MapReduceApp app = Apps.load(o.mr().app());
    Hosts hosts = TestRunner.hosts(o, work, log);
    NodeRunner runner = null;
    MapReduceRunner r = null;
    Thread hook = null;
    try {
      runner = TestRunner.runner(o, hosts, work);
      r = new MapReduceRunner(o, bundle, work, log, hosts, runner);
      MrCluster c = r.cluster;
      hook = new Thread(() -> {
        c.close();
        hosts.close();
      }, "test-teardown");
      Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C mid-test still stops the processes and removes the namespaces
      return r.runJobs(app, choices, progress);
    } finally {
      if (r != null) {
        if (r.schedule != null) {
          r.schedule.healAll();
        }
        r.cluster.close();
      }
      if (runner != null) {
        runner.close();
      }
      hosts.close();
      TestRunner.removeHook(hook);
      log.info("teardown done");
    }
  }

  /**
   * The nemesis's choices. Workers reach the coordinator and each other directly (no proxies), so
   * partitions need a packet filter. The kill family leaves out kill-leader, which would kill the
   * coordinator and lose the job (the labs' coordinator keeps no state; the labs' tests crash only
   * workers): named alone, {@code --nemesis kill-leader} still does it, and each job it hits is
   * recorded as abandoned.
   */
  static List<List<Fault>> choices(TestOptions o) {
    List<List<Fault>> out = new ArrayList<>();
    for (List<Fault> family : Faults.parse(o.nemesis(), new Faults.Support(!o.cluster().equals("local"), false))) {
      out.add(family.size() == 1 ? family : family.stream().filter(f -> !f.name().equals("kill-leader")).toList());
    }
    return out;
  }

  private TestRunner.Outcome runJobs(MapReduceApp app, List<List<Fault>> choices, PrintStream progress) throws Exception {
    List<Tasks.Input> inputs = placeInputs();
    long checkStart = System.nanoTime();
    MrOutputCheck check = new MrOutputCheck(app, inputs, N_REDUCE, work.resolve("mr-sequential"));
    log.info("sequential output of {} on {} files: {} lines in {} ms", o.mr().app(), inputs.size(), check.expectedLines(),
        (System.nanoTime() - checkStart) / 1_000_000);
    long t0 = System.nanoTime();
    history = new SimHistory(() -> System.nanoTime() - t0, o.name());
    OpStats stats = new OpStats();
    String[] active = {""};
    schedule = TestRunner.schedule(cluster, choices, o, history, log, active);
    long deadline = t0 + o.timeLimit().toNanos();
    nemesis = TestRunner.startNemesis(schedule, deadline);
    Progress bar = new Progress(progress, t0, o.timeLimit(), stats, () -> active[0], bundle.dir.resolve("live.json"));
    bar.start();
    List<Job> jobs = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      if (cluster.isDown(cluster.coordinator())) {
        Thread.sleep(100); // kill-leader took the coordinator: the next job starts when its node is restarted
        continue;
      }
      Job j = runJob(jobs.size(), inputs, check, deadline, bar);
      jobs.add(j);
      (j.ending() == Ending.EQUAL || j.ending() == Ending.DIFFERS ? stats.ok : j.ending() == Ending.FAILED ? stats.fail : stats.info)
          .incrementAndGet();
      log.info("job {}: {} in {} s{}", j.job(), j.ending().name().toLowerCase(), String.format("%.2f", j.seconds()),
          j.difference() != null ? ": " + j.difference() : j.error() != null ? ": " + j.error() : "");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    heal(bar);
    bar.stop();
    for (String n : hosts.nodes()) {
      Path local = work.resolve("logs").resolve(n + ".log");
      Files.createDirectories(local.getParent());
      runner.get(n, cluster.logFile(n), local);
      bundle.addNodeLog(n, local, null);
    }
    return MrResults.write(o, bundle, history.build(), jobs, check, seconds, cluster.workerStarts(), log);
  }

  /**
   * The input on every host, at the same path (the coordinator hands workers paths): generated
   * from the seed, or the files of {@code --mr-input}. The names the app sees are those paths, in
   * the sequential run too.
   */
  private List<Tasks.Input> placeInputs() throws IOException {
    List<Path> local;
    if (o.mr().input() != null) {
      try (Stream<Path> s = Files.list(o.mr().input())) {
        local = s.filter(Files::isRegularFile).sorted().toList();
      }
    } else {
      local = Corpus.generate(work.resolve("mr-corpus"), CORPUS_FILES, CORPUS_BYTES, o.seed());
    }
    List<Tasks.Input> inputs = new ArrayList<>();
    for (Path f : local) {
      String remote = base + "/input/" + f.getFileName();
      for (String n : hosts.nodes()) {
        runner.put(n, f, remote);
      }
      inputs.add(new Tasks.Input(remote, f));
    }
    return inputs;
  }

  private Job runJob(int k, List<Tasks.Input> inputs, MrOutputCheck check, long deadline, Progress bar) throws Exception {
    String coordinator = cluster.coordinator();
    String address = hosts.address(coordinator) + ":" + hosts.port(coordinator);
    String jobDir = base + "/job-" + k;
    List<String> args = new ArrayList<>(List.of("mr", "coordinator", "--nreduce", Integer.toString(N_REDUCE),
        "--listen", address, "--out", jobDir + "/out", "--task-timeout", o.mr().taskTimeout().toMillis() + "ms",
        "--linger", "1s"));
    inputs.forEach(i -> args.add(i.name()));
    int p = history.newProcess();
    history.invoke(p, "job", null, SimHistory.JSON.objectNode().put("job", k), coordinator);
    long start = System.nanoTime();
    int startsBefore = cluster.workerStarts();
    // Workers wait for a silent coordinator 30 s (longer than a fault lasts), and give up on a
    // shuffle fetch after 2 s, so a paused or cut-off peer's map output is soon re-executed.
    cluster.startJob(args, (w, i) -> List.of("mr", "worker", "--coordinator", address, "--app", o.mr().app(),
        "--work-dir", jobDir + "/" + w + "-" + i, "--listen-host", hosts.address(w), "--coordinator-timeout", "30s",
        "--fetch-timeout", "2s"));
    OptionalInt status = OptionalInt.empty();
    long pollMillis = Math.max(100, 2 * runner.pollMillis());
    while (status.isEmpty()) {
      status = cluster.poll();
      if (status.isEmpty()) {
        if (System.nanoTime() >= deadline) {
          heal(bar); // the time is up: the job in progress finishes with every fault healed
        }
        if (healedAt != 0 && System.nanoTime() - healedAt > TimeUnit.SECONDS.toNanos(FINISH_BOUND_SECONDS)) {
          break;
        }
        Thread.sleep(pollMillis);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean abandoned = status.isPresent() && status.getAsInt() != 0 && cluster.isDown(coordinator);
    cluster.endJob();
    int starts = cluster.workerStarts() - startsBefore;
    ObjectNode v = SimHistory.JSON.objectNode().put("job", k);
    Job j;
    if (status.isEmpty()) {
      j = new Job(k, Ending.UNFINISHED, seconds, starts, null, "not finished " + FINISH_BOUND_SECONDS + " s after every fault was healed");
      history.info(p, j.error());
    } else if (abandoned) {
      j = new Job(k, Ending.ABANDONED, seconds, starts, null, "the coordinator was killed (the labs' coordinator keeps no state)");
      history.info(p, j.error());
    } else if (status.getAsInt() != 0) {
      j = new Job(k, Ending.FAILED, seconds, starts, null, "the coordinator exited with status " + status.getAsInt()
          + " (see nodes/" + coordinator + "/node.log)");
      history.fail(p, j.error());
    } else {
      MrOutputCheck.Difference d = check.compare(fetchOutput(k, jobDir + "/out"));
      j = new Job(k, d == null ? Ending.EQUAL : Ending.DIFFERS, seconds, starts, d, null);
      v.put("output", d == null ? "equal" : "differs");
      if (d != null) {
        v.put("difference", d.toString());
        copyToBundle(k);
      }
      history.ok(p, v);
    }
    deleteJob(jobDir);
    return j;
  }

  /**
   * Every copy of each reduce file, fetched here: from the coordinator's host when the nodes share
   * a file system (namespaces, loopback), else from every worker's host (real hosts: each keeps
   * what its reduces wrote; every copy must be right).
   */
  private List<List<Path>> fetchOutput(int k, String outDir) throws IOException {
    List<String> holders = o.sshHosts() != null ? cluster.nodes() : List.of(cluster.coordinator());
    List<List<Path>> copies = new ArrayList<>();
    for (int r = 0; r < N_REDUCE; r++) {
      List<Path> found = new ArrayList<>();
      for (String n : holders) {
        Path local = jobCopy(k).resolve(n).resolve("mr-out-" + r);
        Files.createDirectories(local.getParent());
        runner.get(n, outDir + "/mr-out-" + r, local);
        if (Files.exists(local)) {
          found.add(local);
        }
      }
      copies.add(found);
    }
    return copies;
  }

  private Path jobCopy(int k) {
    return work.resolve("mr-output").resolve("job-" + k);
  }

  /** A job whose output differs keeps it in the bundle, under mr-output/job-K/NODE/. */
  private void copyToBundle(int k) throws IOException {
    Path from = jobCopy(k);
    Path to = bundle.dir.resolve("mr-output").resolve("job-" + k);
    try (Stream<Path> s = Files.walk(from)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Path dest = to.resolve(from.relativize(f).toString());
        Files.createDirectories(dest.getParent());
        Files.copy(f, dest);
      }
    }
  }

  /** The job's files on every host (intermediate files, output): a long test would fill the disk otherwise. */
  private void deleteJob(String jobDir) throws IOException {
    for (String n : o.sshHosts() != null ? hosts.nodes() : List.of(cluster.coordinator())) {
      runner.delete(n, jobDir);
    }
  }

  /** Once: stops the nemesis, heals every fault and restarts every node it left down. */
  private void heal(Progress bar) throws Exception {
    if (healedAt != 0) {
      return;
    }
    schedule.stop();
    nemesis.join(TimeUnit.SECONDS.toMillis(60));
    schedule.healAll();
    for (String n : cluster.down()) {
      cluster.start(n);
      history.nemesis("start", n);
    }
    healedAt = System.nanoTime();
    bar.phase("last job, faults healed");
    log.info("time limit reached: every fault healed; the job in progress has {} s to finish", FINISH_BOUND_SECONDS);
  }
}
