package io.gauntlet.control.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet mr run}: a whole job on this machine: the coordinator and W workers as child
 * processes of this same jar, progress as it happens, and where the output is.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a MapReduce job: a coordinator and W workers as child processes on this machine.")
final class MrRunCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--app", required = true, description = "app short name (wc, indexer, ...) or class name")
  String app;

  @Option(names = "--workers", defaultValue = "2", description = "worker processes (default ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--nreduce", defaultValue = "10", description = "reduce tasks (default ${DEFAULT-VALUE})")
  int nReduce;

  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Option(names = "--task-timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "re-issue a task not done within this time (default ${DEFAULT-VALUE})")
  Duration taskTimeout;

  @Option(names = "--shared-dir", description = "the labs' layout: intermediate files in this one directory")
  Path sharedDir;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "input files")
  List<Path> files;

  private final List<Process> children = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    MrArgs.app(spec, app);
    MrArgs.inputs(spec, files);
    MrArgs.positive(spec, "--workers", workers);
    MrArgs.positive(spec, "--nreduce", nReduce);
    MrArgs.writableDir(spec, "--out", out);
    if (sharedDir != null) {
      MrArgs.writableDir(spec, "--shared-dir", sharedDir);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Thread cleanup = new Thread(this::killChildren, "mr-run-cleanup");
    java.lang.Runtime.getRuntime().addShutdownHook(cleanup);
    long start = System.nanoTime();
    try {
      // The port is chosen here so that workers start alongside the coordinator (they retry until
      // it listens); if another process takes the port meanwhile, the coordinator says so and exits.
      String address = "127.0.0.1:" + freePort();
      List<String> args = new ArrayList<>(List.of("mr", "coordinator", "--nreduce", Integer.toString(nReduce),
          "--listen", address, "--out", out.toString(), "--task-timeout", taskTimeout.toMillis() + "ms"));
      if (sharedDir != null) {
        args.add("--shared-dir");
        args.add(sharedDir.toString());
      }
      for (Path f : files) {
        args.add(f.toString());
      }
      Process coordinator = start(new ProcessBuilder(ChildJvm.command(ChildJvm.LIGHT, args)).redirectError(ProcessBuilder.Redirect.INHERIT));
      BufferedReader lines = new BufferedReader(new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8));
      stdout.println("coordinator at " + address + " (pid " + coordinator.pid() + "), starting " + workers + " workers");
      stdout.flush();
      List<Process> workerProcs = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        workerProcs.add(start(new ProcessBuilder(ChildJvm.command(List.of("mr", "worker", "--coordinator", address, "--app", app)))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)));
      }
      CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> relay(lines, stdout));
      Integer code = awaitCoordinator(coordinator, workerProcs, stderr);
      relay.get(5, TimeUnit.SECONDS);
      if (code != null && code != 0) {
        return code;
      }
      if (code == null) {
        return 1;
      }
      for (Process w : workerProcs) {
        if (!w.waitFor(15, TimeUnit.SECONDS)) {
          stderr.println("warning: worker pid " + w.pid() + " did not exit after the job; killing it");
          w.destroyForcibly();
        }
      }
      stdout.printf("job done in %.2f s; output: %s (sort them together for the full result)%n",
          (System.nanoTime() - start) / 1e9, out.resolve("mr-out-*"));
      stdout.flush();
      return 0;
    } finally {
      killChildren();
      try {
        java.lang.Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  /** The coordinator's exit code, or null if every worker died first and the job cannot finish. */
  private Integer awaitCoordinator(Process coordinator, List<Process> workerProcs, PrintWriter stderr) throws InterruptedException {
    long allDeadSince = 0;
    while (!coordinator.waitFor(200, TimeUnit.MILLISECONDS)) {
      boolean anyAlive = workerProcs.stream().anyMatch(Process::isAlive);
      if (anyAlive) {
        allDeadSince = 0;
      } else if (allDeadSince == 0) {
        allDeadSince = System.nanoTime();
      } else if (System.nanoTime() - allDeadSince > TimeUnit.SECONDS.toNanos(3)) {
        stderr.println("error: every worker exited before the job finished (exit codes "
            + workerProcs.stream().map(p -> Integer.toString(p.exitValue())).toList() + "); stopping the coordinator");
        coordinator.destroy();
        return null;
      }
    }
    return coordinator.exitValue();
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void relay(BufferedReader lines, PrintWriter stdout) {
    try {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith(MrCoordinatorCommand.PROGRESS)) {
          stdout.println(line.substring(MrCoordinatorCommand.PROGRESS.length()));
        } else if (!line.startsWith(MrCoordinatorCommand.LISTENING)) {
          stdout.println(line);
        }
        stdout.flush();
      }
    } catch (IOException e) {
      // the coordinator's pipe closed: it exited
    }
  }

  private synchronized Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    children.add(p);
    return p;
  }

  private synchronized void killChildren() {
    for (Process p : children) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }
}
