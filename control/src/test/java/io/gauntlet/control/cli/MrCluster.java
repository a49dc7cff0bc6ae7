package io.gauntlet.control.cli;

import io.gauntlet.system.mapreduce.Corpus;
import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.Outputs;
import io.gauntlet.system.mapreduce.Tasks;
import io.gauntlet.system.mapreduce.Apps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Real processes for the ported test-mr.sh: a working directory (every process's cwd, as in the
 * script's mr-tmp) holding the eight generated lab inputs, and coordinator and worker JVMs started
 * from the test classpath. Logs stay under {@code target/mr-tests/<name>} for post-mortems.
 */
final class MrCluster implements AutoCloseable {
  /** Small JVMs that start fast: these tests measure behaviour, not speed. */
  private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss8m");

  final Path dir;
  final long seed;
  final List<String> inputs = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private int logs;

  MrCluster(String name) throws IOException {
    this.seed = Long.getLong("gauntlet.seed", System.nanoTime());
    this.dir = Path.of("target", "mr-tests", name + "-" + System.currentTimeMillis()).toAbsolutePath();
    Files.createDirectories(dir);
    for (Path p : Corpus.generate(dir, Corpus.LAB_NAMES, 120_000, seed)) {
      inputs.add(p.getFileName().toString());
    }
  }

  /** A running coordinator and the lines it printed so far. */
  record Coordinator(Process process, String address, List<String> lines) {
    boolean saw(Predicate<String> p) {
      return lines.stream().anyMatch(p);
    }

    /** Waits until a printed line matches, failing after {@code seconds}. */
    void await(Predicate<String> p, String what, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (!saw(p)) {
        if (System.nanoTime() > deadline || !process.isAlive() && !saw(p)) {
          throw new AssertionError("coordinator never printed " + what + "; printed " + lines);
        }
        Thread.sleep(20);
      }
    }
  }

  Coordinator coordinator(String... extra) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    List<String> args = new ArrayList<>(List.of("mr", "coordinator", "--nreduce", "10", "--listen", address, "--out", "."));
    args.addAll(List.of(extra));
    args.addAll(inputs);
    Process p = start(args, ProcessBuilder.Redirect.PIPE);
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    return new Coordinator(p, address, lines);
  }

  Process worker(Coordinator c, String app, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("mr", "worker", "--coordinator", c.address(), "--app", app, "--coordinator-timeout", "3s"));
    args.addAll(List.of(extra));
    return start(args, null);
  }

  /** Runs the CLI to completion in a child process; returns its exit code and output. */
  Result cli(List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
    Path log = dir.resolve("logs/cli-" + (logs++) + ".log");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(command(args)).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("'" + String.join(" ", args) + "' did not finish within " + timeoutSeconds + " s; see " + log);
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

  record Result(int exitCode, String output) {}

  private Process start(List<String> args, ProcessBuilder.Redirect stdout) throws IOException {
    Path log = dir.resolve("logs/" + args.get(1) + "-" + (logs++) + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile()).redirectError(log.toFile());
    pb.redirectOutput(stdout != null ? stdout : ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  private static List<String> command(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(GauntletCli.class.getName());
    cmd.addAll(args);
    return cmd;
  }

  /** The reference: the sequential run of {@code app} over the same inputs, sorted lines. */
  List<String> sequential(String app) throws IOException {
    MapReduceApp a = Apps.load(app);
    List<Tasks.Input> in = new ArrayList<>();
    for (String name : inputs) {
      in.add(new Tasks.Input(name, dir.resolve(name)));
    }
    Path out = dir.resolve("seq-" + app);
    Tasks.runSequential(a, in, out);
    return Outputs.sortedLines(out);
  }

  List<String> output() throws IOException {
    return Outputs.sortedLines(dir);
  }

  static boolean waitFor(Process p, int seconds) throws InterruptedException {
    return p.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** What a failing assertion should say: where the logs are and the seed of the corpus. */
  String context() {
    return " (logs in " + dir + ", corpus seed " + seed + ")";
  }

  @Override
  public void close() {
    synchronized (processes) {
      for (Process p : processes) {
        if (p.isAlive()) {
          p.destroyForcibly(); // only processes this test started, by handle (PID)
        }
      }
    }
  }
}
