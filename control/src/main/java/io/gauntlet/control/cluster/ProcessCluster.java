package io.gauntlet.control.cluster;

import io.gauntlet.control.remote.LocalRunner;
import io.gauntlet.control.remote.NodeProcess;
import io.gauntlet.control.remote.NodeRunner;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterFileException;
import io.gauntlet.system.node.ClusterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A cluster of real {@code gauntlet node} processes: writes the cluster file and secret, places
 * them on each node's host, starts each node as its own JVM there ({@code RUN/ID/} holds its data
 * and {@code node.log}), and stops, kills (-9), pauses (SIGSTOP) and resumes them by pid. Where the
 * hosts are is the {@link NodeRunner}'s business (this machine, a namespace, SSH). {@link #close()}
 * kills every process it started, and only those.
 */
public final class ProcessCluster implements AutoCloseable {
  private final Path work;
  /** Each node's raft journal, in its folder (the test bed turns it on; see RaftJournal). */
  static final String JOURNAL = "raft-journal.log";
  private final Path clusterFile;
  private Path clientFile;
  private final ClusterSpec spec;
  private final List<String> jvmOptions;
  private final NodeRunner runner;
  private final NodeProcesses running = new NodeProcesses("node");
  private final Map<String, Path> views = new LinkedHashMap<>();

  /** JVM options for a node: quick to start, light on a small machine. */
  public static final List<String> NODE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto");

  public ProcessCluster(Path work, ClusterSpec spec, List<String> jvmOptions) throws IOException {
    this(work, spec, jvmOptions, (id, cmd) -> cmd);
  }

  /** Nodes on this machine, each command wrapped by {@code onNode} (e.g. {@code ip netns exec NS ...}). */
  public ProcessCluster(Path work, ClusterSpec spec, List<String> jvmOptions,
      BiFunction<String, List<String>, List<String>> onNode) throws IOException {
    this(work, spec, jvmOptions, new LocalRunner(work, onNode));
  }

  public ProcessCluster(Path work, ClusterSpec spec, List<String> jvmOptions, NodeRunner runner) throws IOException {
    this.work = work;
    this.spec = spec;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.runner = runner;
    this.clusterFile = work.resolve("cluster.json");
    try {
      ClusterFile.write(clusterFile, spec);
    } catch (ClusterFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Gives {@code node} its own view of the cluster (for example peers reached through proxies);
   * written beside the cluster file, naming the same secret. Takes effect at the node's next start.
   */
  public void view(String node, ClusterSpec view) throws IOException {
    Path file = work.resolve("cluster-" + node + ".json");
    try {
      ClusterFile.writeView(file, view);
    } catch (ClusterFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    views.put(node, file);
  }

  /**
   * Gives the clients their own view of the cluster (every node behind a client proxy); the
   * control plane ({@link #loaded()}: status, leader, shard admin) keeps the real addresses.
   */
  public void clientView(ClusterSpec view) throws IOException {
    Path file = work.resolve("cluster-clients.json");
    try {
      ClusterFile.writeView(file, view);
    } catch (ClusterFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    clientFile = file;
  }

  /** The cluster as the clients see it: their view if one was given, else the cluster file. */
  public ClusterFile.Loaded clientLoaded() {
    if (clientFile == null) {
      return loaded();
    }
    try {
      return ClusterFile.load(clientFile);
    } catch (ClusterFileException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The cluster file as clients on this machine use it. */
  public Path clusterFile() {
    return clusterFile;
  }

  public ClusterFile.Loaded loaded() {
    try {
      return ClusterFile.load(clusterFile);
    } catch (ClusterFileException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  public ClusterSpec spec() {
    return spec;
  }

  /** The node's data directory on its host. */
  public String nodeDir(String id) {
    return runner.runDir(id) + "/" + id;
  }

  /** The node's data directory, when the node runs on this machine. */
  public Path dataDir(String id) {
    return Path.of(nodeDir(id));
  }

  private String logPath(String id) {
    return nodeDir(id) + "/node.log";
  }

  /** A local copy of the node's log (fetched from its host if it is elsewhere). */
  public Path log(String id) {
    return fetch(id, "node.log");
  }

  /** A local copy of the node's raft journal (in its folder; see RaftJournal). */
  public Path journal(String id) {
    return fetch(id, JOURNAL);
  }

  private Path fetch(String id, String name) {
    Path local = work.resolve(id).resolve(name);
    try {
      Files.createDirectories(local.getParent());
      runner.get(id, nodeDir(id) + "/" + name, local);
    } catch (IOException e) {
      // the caller sees a missing or stale file
    }
    return local;
  }

  /** A local copy of the node's console output. */
  public Path console(String id) {
    Path local = work.resolve(id + ".out");
    try {
      runner.get(id, runner.runDir(id) + "/" + id + ".out", local);
    } catch (IOException e) {
      // as above
    }
    return local;
  }

  public void startAll() throws IOException, InterruptedException {
    for (ClusterSpec.NodeSpec n : spec.nodes()) {
      launch(n.id());
    }
    for (ClusterSpec.NodeSpec n : spec.nodes()) {
      awaitListening(n.id());
    }
  }

  /** Starts {@code id} and waits until it listens; throws with its output if it dies first. */
  public void start(String id) throws IOException, InterruptedException {
    launch(id);
    awaitListening(id);
  }

  /** Starts {@code id} without waiting; {@link #awaitExit} or {@link #awaitListening} next. */
  public NodeProcess launch(String id) throws IOException {
    if (spec.node(id).isEmpty()) {
      throw new IllegalArgumentException("no node " + id + " in the cluster");
    }
    running.checkNotRunning(id);
    String dir = runner.runDir(id);
    Path file = views.getOrDefault(id, clusterFile);
    String remoteFile = dir + "/" + file.getFileName();
    runner.put(id, file, remoteFile);
    runner.put(id, ClusterFile.secretPath(clusterFile, spec), dir + "/" + spec.secretFile());
    NodeProcess p = runner.start(id, jvmOptions, List.of("node", "--cluster", remoteFile, "--id", id,
        "--data-dir", nodeDir(id), "--raft-journal", nodeDir(id) + "/" + JOURNAL), dir + "/" + id + ".out");
    running.put(id, p);
    return p;
  }

  public void awaitListening(String id) throws InterruptedException, IOException {
    NodeProcess p = running.get(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(runner.startSeconds());
    while (System.nanoTime() < deadline) {
      String log = runner.read(id, logPath(id));
      int at = log.lastIndexOf("pid=" + p.pid());
      if (at >= 0 && log.indexOf("listening on", at) >= 0) {
        return;
      }
      OptionalInt ended = p.waitFor(0);
      if (ended.isPresent()) {
        throw new IllegalStateException("node " + id + " exited with status " + ended.getAsInt() + " before listening:\n" + output(id));
      }
      Thread.sleep(runner.pollMillis());
    }
    throw new IllegalStateException("node " + id + " did not listen within " + runner.startSeconds() + " s:\n" + output(id));
  }

  /** The node's console output and the tail of its log. */
  public String output(String id) {
    String log = logText(id);
    String[] lines = log.split("\n");
    StringBuilder sb = new StringBuilder();
    try {
      sb.append(runner.read(id, runner.runDir(id) + "/" + id + ".out"));
    } catch (IOException e) {
      sb.append("(console output unreadable: ").append(e.getMessage()).append(")\n");
    }
    sb.append("--- ").append(logPath(id)).append(" (last 30 lines) ---\n");
    for (int i = Math.max(0, lines.length - 30); i < lines.length; i++) {
      sb.append(lines[i]).append('\n');
    }
    return sb.toString();
  }

  public String logText(String id) {
    try {
      return runner.read(id, logPath(id));
    } catch (IOException e) {
      return "(cannot read " + logPath(id) + ": " + e.getMessage() + ")";
    }
  }

  /** The node processes started here, by id. */
  public NodeProcesses processes() {
    return running;
  }

  public boolean isRunning(String id) {
    return running.isRunning(id);
  }

  public long pid(String id) {
    return running.get(id).pid();
  }

  /** kill -9, and wait until the process is gone. */
  public void kill(String id) throws InterruptedException, IOException {
    running.kill(id);
  }

  /** SIGTERM (an orderly stop); returns the exit status. */
  public int stop(String id) throws InterruptedException, IOException {
    return running.stop(id);
  }

  /** Waits for {@code id} to exit by itself; returns its status. */
  public int awaitExit(String id, long seconds) throws InterruptedException, IOException {
    OptionalInt status = running.get(id).waitFor(seconds);
    if (status.isEmpty()) {
      throw new IllegalStateException("node " + id + " still running after " + seconds + " s:\n" + output(id));
    }
    return status.getAsInt();
  }

  public void pause(String id) throws IOException {
    running.pause(id);
  }

  public void resume(String id) throws IOException {
    running.resume(id);
  }

  /** Deletes the node's data directory (the node must not be running); its log survives. */
  public void wipe(String id) throws IOException {
    if (isRunning(id)) {
      throw new IllegalStateException("wipe of running node " + id);
    }
    // The log and the raft journal outlive the wipe: they tell what the node did before it.
    String log = logText(id);
    Path journal = work.resolve(id + ".journal.before-wipe");
    Path current = journal(id);
    if (Files.exists(current)) {
      Files.copy(current, journal, StandardCopyOption.REPLACE_EXISTING);
    }
    runner.delete(id, nodeDir(id));
    if (!log.isEmpty()) {
      Path keep = work.resolve(id + ".log.before-wipe");
      Files.writeString(keep, log);
      runner.put(id, keep, logPath(id));
    }
    if (Files.exists(journal)) {
      runner.put(id, journal, nodeDir(id) + "/" + JOURNAL);
    }
  }

  public List<String> ids() {
    List<String> out = new ArrayList<>();
    spec.nodes().forEach(n -> out.add(n.id()));
    return out;
  }

  @Override
  public void close() {
    running.killAll();
    runner.close();
  }
}
