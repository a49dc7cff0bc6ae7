package io.gauntlet.control.cli;

import io.gauntlet.system.mapreduce.Coordinator;
import io.gauntlet.system.mapreduce.CoordinatorOverride;
import io.gauntlet.system.mapreduce.Protocol;
import io.gauntlet.system.mapreduce.Tasks;
import io.gauntlet.system.net.AddressBook;
import io.gauntlet.system.net.MessageTypes;
import io.gauntlet.system.net.NetRuntime;
import io.gauntlet.system.net.TransportConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet mr coordinator}: serves tasks until the job is done. Prints {@code listening on
 * HOST:PORT}, then one {@code progress: map M/NM reduce R/NR} line per change, then where the output
 * is. Exits 0 when the job is done, 1 if it failed.
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
    description = "Run a MapReduce coordinator; workers connect to --listen.")
final class MrCoordinatorCommand implements Callable<Integer> {
  static final String LISTENING = "listening on ";
  static final String PROGRESS = "progress: ";

  @Spec CommandSpec spec;

  @Option(names = "--nreduce", defaultValue = "10", description = "number of reduce tasks (default ${DEFAULT-VALUE})")
  int nReduce;

  @Option(names = "--listen", required = true, description = "HOST:PORT to listen on (port 0: any free port, printed)")
  String listen;

  @Option(names = "--out", required = true, description = "output directory for mr-out-<r> (workers write there)")
  Path out;

  @Option(names = "--task-timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "re-issue a task not done within this time (default ${DEFAULT-VALUE})")
  Duration taskTimeout;

  @Option(names = "--shared-dir", description = "the labs' layout: every intermediate file in this one directory, no network shuffle")
  Path sharedDir;

  @Option(names = "--linger", defaultValue = "2s", converter = DurationConverter.class,
      description = "after the job, wait at most this long for every worker to be told it is done (default ${DEFAULT-VALUE})")
  Duration linger;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "input files")
  List<Path> files;

  @Override
  public Integer call() throws Exception {
    MrArgs.positive(spec, "--nreduce", nReduce);
    List<Tasks.Input> inputs = MrArgs.inputs(spec, files);
    AddressBook book = new AddressBook();
    try {
      book.put(Protocol.COORDINATOR, listen);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--listen: " + e.getMessage());
    }
    MrArgs.writableDir(spec, "--out", out);
    if (sharedDir != null) {
      MrArgs.writableDir(spec, "--shared-dir", sharedDir);
    }
    Coordinator.Job job = new Coordinator.Job(inputs, nReduce, taskTimeout.toNanos(), out.toAbsolutePath().toString(),
        sharedDir == null ? null : sharedDir.toAbsolutePath().toString(), 3);
    PrintWriter stdout = spec.commandLine().getOut();
    CompletableFuture<String> finished = new CompletableFuture<>();
    CompletableFuture<Void> released = new CompletableFuture<>();
    Coordinator.Listener listener = new Coordinator.Listener() {
      @Override
      public void progress(int mapsDone, int nMap, int reducesDone, int nReduce) {
        stdout.println(PROGRESS + "map " + mapsDone + "/" + nMap + " reduce " + reducesDone + "/" + nReduce);
        stdout.flush();
      }

      @Override
      public void finished(String error) {
        finished.complete(error);
      }

      @Override
      public void workersReleased() {
        released.complete(null);
      }
    };
    try (NetRuntime rt = new NetRuntime(Protocol.COORDINATOR, book, Protocol.register(new MessageTypes()),
        TransportConfig.defaults(), System.nanoTime(), null)) {
      InetSocketAddress bound;
      try {
        bound = rt.start(r -> CoordinatorOverride.coordinator(r, job, listener));
      } catch (IllegalStateException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 1;
      }
      stdout.println(LISTENING + bound.getHostString() + ":" + bound.getPort());
      stdout.flush();
      String error = finished.get();
      if (error == null) {
        stdout.println("done: output in " + out.resolve("mr-out-0") + " .. mr-out-" + (nReduce - 1));
        stdout.flush();
      }
      // Tell the workers the job is over (they ask again within ~100 ms); crashed ones never will.
      try {
        released.get(linger.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // some worker never asked again: it died, or is still busy with a late duplicate task
      }
      if (error != null) {
        spec.commandLine().getErr().println("error: job failed: " + error);
        return 1;
      }
    }
    return 0;
  }
}
