package io.gauntlet.control.cluster;

import io.gauntlet.control.cli.ChildJvm;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterFileException;
import io.gauntlet.system.node.ClusterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cluster of real {@code gauntlet node} processes on this machine: writes the cluster file and
 * secret into a work directory, starts each node as its own JVM (data in {@code WORK/ID/}, log in
 * {@code WORK/ID/node.log}), and stops, kills (-9), pauses (SIGSTOP) and resumes them by PID.
 * {@link #close()} kills every process it started, and only those.
 */
public final class ProcessCluster implements AutoCloseable {
  private final Path work;
  private final Path clusterFile;
  private final ClusterSpec spec;
  private final List<String> jvmOptions;
  private final java.util.function.BiFunction<String, List<String>, List<String>> onNode;
  private final Map<String, Process> running = new LinkedHashMap<>();
  private final Map<String, Path> views = new LinkedHashMap<>();

  /** JVM options for a node: quick to start, light on a small machine. */
  public static final List<String> NODE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto");

  public ProcessCluster(Path work, ClusterSpec spec, List<String> jvmOptions) throws IOException {
    this(work, spec, jvmOptions, (id, cmd) -> cmd);
  }

  /**
   * @param onNode wraps a command so that it runs on the node's host (for example {@code ip netns
   *     exec NS ...}, which execs the command, so the process's pid is the node's)
   */
  public ProcessCluster(Path work, ClusterSpec spec, List<String> jvmOptions,
      java.util.function.BiFunction<String, List<String>, List<String>> onNode) throws IOException {
    this.onNode = onNode;
    this.work = work;
    this.spec = spec;
    this.jvmOptions = List.copyOf(jvmOptions);
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

  public Path dataDir(String id) {
    return work.resolve(id);
  }

  public Path log(String id) {
    return dataDir(id).resolve("node.log");
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
  public Process launch(String id) throws IOException {
    if (spec.node(id).isEmpty()) {
      throw new IllegalArgumentException("no node " + id + " in the cluster");
    }
    Process old = running.get(id);
    if (old != null && old.isAlive()) {
      throw new IllegalStateException("node " + id + " is already running (pid " + old.pid() + ")");
    }
    Files.createDirectories(dataDir(id));
    Path file = views.getOrDefault(id, clusterFile);
    List<String> cmd = onNode.apply(id, ChildJvm.command(jvmOptions, List.of("node", "--cluster", file.toString(),
        "--id", id, "--data-dir", dataDir(id).toString())));
    Path out = work.resolve(id + ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
    running.put(id, p);
    return p;
  }

  public void awaitListening(String id) throws InterruptedException {
    Process p = running.get(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (started(id, p)) {
        return;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("node " + id + " exited with status " + p.exitValue() + " before listening:\n" + output(id));
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("node " + id + " did not listen within 30 s:\n" + output(id));
  }

  /** Whether the log shows this process (by pid) listening. */
  private boolean started(String id, Process p) {
    String log = readQuietly(log(id));
    int at = log.lastIndexOf("pid=" + p.pid());
    return at >= 0 && log.indexOf("listening on", at) >= 0;
  }

  /** The node's console output and the tail of its log. */
  public String output(String id) {
    String log = readQuietly(log(id));
    String[] lines = log.split("\n");
    StringBuilder sb = new StringBuilder(readQuietly(work.resolve(id + ".out")));
    sb.append("--- ").append(log(id)).append(" (last 30 lines) ---\n");
    for (int i = Math.max(0, lines.length - 30); i < lines.length; i++) {
      sb.append(lines[i]).append('\n');
    }
    return sb.toString();
  }

  public String logText(String id) {
    return readQuietly(log(id));
  }

  private static String readQuietly(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + p + ": " + e.getMessage() + ")";
    }
  }

  public boolean isRunning(String id) {
    Process p = running.get(id);
    return p != null && p.isAlive();
  }

  public long pid(String id) {
    return running.get(id).pid();
  }

  /** kill -9, and wait until the process is gone. */
  public void kill(String id) throws InterruptedException {
    Process p = running.get(id);
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM (an orderly stop); returns the exit status. */
  public int stop(String id) throws InterruptedException {
    Process p = running.get(id);
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("node " + id + " did not stop within 20 s of SIGTERM");
    }
    return p.exitValue();
  }

  /** Waits for {@code id} to exit by itself; returns its status. */
  public int awaitExit(String id, long seconds) throws InterruptedException {
    Process p = running.get(id);
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + id + " still running after " + seconds + " s:\n" + output(id));
    }
    return p.exitValue();
  }

  public void pause(String id) throws IOException, InterruptedException {
    signal(id, "STOP");
  }

  public void resume(String id) throws IOException, InterruptedException {
    signal(id, "CONT");
  }

  private void signal(String id, String sig) throws IOException, InterruptedException {
    Process p = running.get(id);
    Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
    if (k.waitFor() != 0) {
      throw new IOException("kill -" + sig + " " + p.pid() + " failed");
    }
  }

  /** Deletes the node's data directory (the node must not be running). */
  public void wipe(String id) throws IOException {
    if (isRunning(id)) {
      throw new IllegalStateException("wipe of running node " + id);
    }
    Path dir = dataDir(id);
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(log(id)) && !p.equals(dir)) {
            Files.delete(p);
          }
        }
      }
    }
  }

  public List<String> ids() {
    List<String> out = new ArrayList<>();
    spec.nodes().forEach(n -> out.add(n.id()));
    return out;
  }

  @Override
  public void close() {
    for (Process p : running.values()) {
      if (p.isAlive()) {
        try {
          new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
        } catch (IOException e) {
          // best effort: a paused process is killed below anyway
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
      }
    }
    for (Process p : running.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new IOException("interrupted while stopping nodes"));
      }
    }
  }
}
