package io.gauntlet.control.testbed;

import io.gauntlet.control.cli.ChildJvm;
import io.gauntlet.control.cluster.NodeProcesses;
import io.gauntlet.control.cluster.ProcessCluster;
import io.gauntlet.control.remote.Hosts;
import io.gauntlet.control.remote.NodeProcess;
import io.gauntlet.control.remote.NodeRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;

/**
 * The processes of a mapreduce test, and the nemesis's view of them. Each job runs a fresh {@code
 * gauntlet mr coordinator} on the first node and one {@code gauntlet mr worker} on every other
 * node, through the test's {@link NodeRunner} (namespace, loopback or SSH), as the kv nodes are.
 *
 * <p>The nemesis's nodes are the workers: kill, pause and the partition shapes pick among them. Its
 * "leader" is the coordinator, so only the leader-aimed faults hit the labs' single point of
 * failure: pause-leader and partition-leader delay the job (the coordinator keeps its state), and
 * kill-leader (only when named alone, see {@link MapReduceRunner#choices}) loses the job, which the
 * runner records as abandoned and starts afresh once the coordinator's node is restarted. A worker killed stays down until the fault heals, then a fresh
 * worker joins the job in progress; a worker that exits with an error (the coordinator unreachable
 * too long) is restarted at once, as a cluster manager would.
 */
final class MrCluster extends HostsShell implements AutoCloseable {
  /** How long workers get to hear that their job is over and exit, before they are killed. */
  private static final long WORKER_EXIT_MILLIS = 1000;

  private final NodeRunner runner;
  private final List<String> jvmOptions;
  private final Logger log;
  private final NodeProcesses processes = new NodeProcesses("mapreduce process");
  /** Nodes the nemesis killed and has not restarted yet. */
  private final Set<String> down = new HashSet<>();
  /** A worker's command line by node and start number, for the job in progress; null between jobs. */
  private BiFunction<String, Integer, List<String>> workerArgs;
  private int workerStarts;

  MrCluster(Hosts hosts, NodeRunner runner, List<String> jvmOptions, Logger log) {
    super(hosts);
    this.runner = runner;
    this.jvmOptions = jvmOptions;
    this.log = log;
  }

  String coordinator() {
    return hosts.nodes().get(0);
  }

  /** Where a node's processes write their output, on its host (appended to, job after job). */
  String logFile(String node) {
    return runner.runDir(node) + "/mr-" + node + ".log";
  }

  synchronized boolean isDown(String node) {
    return down.contains(node);
  }

  /** Worker processes started so far (restarts included). */
  synchronized int workerStarts() {
    return workerStarts;
  }

  /** Starts a job: its coordinator, and a worker on every worker node the nemesis has not killed. */
  synchronized void startJob(List<String> coordinatorArgs, BiFunction<String, Integer, List<String>> workers) throws IOException {
    List<String> jvm = jvm(ChildJvm.LIGHT);
    jvm.add("-Dgauntlet.mr.log=INFO"); // its task re-issues and re-executions, in the node log (logback.xml)
    processes.put(coordinator(), runner.start(coordinator(), jvm, coordinatorArgs, logFile(coordinator())));
    workerArgs = workers;
    for (String w : nodes()) {
      if (!down.contains(w)) {
        startWorker(w);
      }
    }
  }

  private void startWorker(String w) throws IOException {
    processes.put(w, runner.start(w, jvm(ProcessCluster.NODE_JVM), workerArgs.apply(w, workerStarts++), logFile(w)));
  }

  private List<String> jvm(List<String> base) {
    List<String> out = new ArrayList<>(base);
    out.addAll(jvmOptions); // test fixtures
    return out;
  }

  /**
   * The coordinator's exit status once it has exited. Meanwhile, restarts every worker that exited
   * with an error and was not killed by the nemesis (a worker exits 0 only when its job is over).
   */
  synchronized OptionalInt poll() throws IOException, InterruptedException {
    for (String w : nodes()) {
      NodeProcess p = processes.get(w);
      if (workerArgs != null && !down.contains(w) && p != null) {
        OptionalInt status = p.waitFor(0);
        if (status.isPresent() && status.getAsInt() != 0) {
          log.info("worker on {} exited with status {}; starting another", w, status.getAsInt());
          startWorker(w);
        }
      }
    }
    return processes.get(coordinator()).waitFor(0);
  }

  /**
   * Ends the job: its coordinator is killed if still running; its workers get a moment to hear the
   * job is over and exit, then any left (paused, cut off) are killed, so that no worker of an old
   * job asks the next job's coordinator for work.
   */
  void endJob() throws IOException, InterruptedException {
    List<NodeProcess> left = new ArrayList<>();
    NodeProcess coordinator;
    synchronized (this) {
      workerArgs = null;
      coordinator = processes.get(coordinator());
      for (String w : nodes()) {
        if (processes.get(w) != null) {
          left.add(processes.get(w));
        }
      }
    }
    stop(coordinator);
    long until = System.nanoTime() + WORKER_EXIT_MILLIS * 1_000_000L;
    while (System.nanoTime() < until && anyAlive(left)) {
      Thread.sleep(50);
    }
    for (NodeProcess p : left) {
      stop(p);
    }
  }

  private static boolean anyAlive(List<NodeProcess> ps) throws IOException {
    for (NodeProcess p : ps) {
      if (p.isAlive()) {
        return true;
      }
    }
    return false;
  }

  /** kill -9 (after SIGCONT, in case it is paused), and wait until it is gone. */
  private static void stop(NodeProcess p) throws IOException, InterruptedException {
    if (p != null && p.isAlive()) {
      p.signal("CONT");
      p.signal("KILL");
      p.waitFor(10);
    }
  }

  /** The workers. */
  @Override
  public List<String> nodes() {
    return hosts.nodes().subList(1, hosts.nodes().size());
  }

  @Override
  public synchronized void kill(String node) throws IOException {
    down.add(node);
    try {
      processes.kill(node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while killing " + node);
    }
  }

  /** The node is up again: a worker node gets a fresh worker at once if a job is running; the coordinator's next job starts. */
  @Override
  public synchronized void start(String node) throws IOException {
    down.remove(node);
    if (!node.equals(coordinator()) && workerArgs != null && !processes.isRunning(node)) {
      startWorker(node);
    }
  }

  @Override
  public synchronized void pause(String node) throws IOException {
    if (processes.isRunning(node)) {
      processes.pause(node);
    }
  }

  @Override
  public synchronized void resume(String node) throws IOException {
    if (processes.isRunning(node)) {
      processes.resume(node);
    }
  }

  /** The coordinator: the node every worker depends on, as a Raft leader is. */
  @Override
  public Optional<String> leader() {
    return Optional.of(coordinator());
  }

  /** Nodes the nemesis left down (to restart after healing). */
  synchronized List<String> down() {
    return List.copyOf(down);
  }

  @Override
  public void close() {
    processes.killAll();
  }
}
