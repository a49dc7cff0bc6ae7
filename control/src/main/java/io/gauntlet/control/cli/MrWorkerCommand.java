package io.gauntlet.control.cli;

import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.Worker;
import io.gauntlet.system.net.AddressBook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gauntlet mr worker}: runs tasks from a coordinator until the job is done or the coordinator is gone. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a MapReduce worker.")
final class MrWorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--coordinator", required = true, description = "the coordinator's HOST:PORT")
  String coordinator;

  @Option(names = "--app", required = true, description = "app short name (wc, indexer, ...) or class name")
  String app;

  @Option(names = "--work-dir", description = "where map output is kept and served from (default: a temp dir, deleted at exit)")
  Path workDir;

  @Option(names = "--listen-host", defaultValue = "127.0.0.1", description = "host to serve map output on (default ${DEFAULT-VALUE})")
  String listenHost;

  @Option(names = "--coordinator-timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "give up after the coordinator is silent this long (default ${DEFAULT-VALUE})")
  Duration coordinatorTimeout;

  @Option(names = "--fetch-timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "a shuffle fetch taking longer counts as failed (default ${DEFAULT-VALUE})")
  Duration fetchTimeout;

  @Override
  public Integer call() throws Exception {
    MapReduceApp a = MrArgs.app(spec, app);
    try {
      AddressBook.parse(coordinator);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--coordinator: " + e.getMessage());
    }
    boolean temp = workDir == null;
    Path dir = temp ? Files.createTempDirectory("gauntlet-mr-worker-") : workDir;
    Worker.Outcome outcome;
    try (Worker w = new Worker(a, new Worker.Options(coordinator, listenHost, dir, coordinatorTimeout, fetchTimeout))) {
      outcome = w.run();
    } finally {
      if (temp) {
        deleteTree(dir);
      }
    }
    if (outcome == Worker.Outcome.COORDINATOR_UNREACHABLE) {
      spec.commandLine().getErr().println("error: coordinator at " + coordinator + " did not answer within "
          + coordinatorTimeout.toMillis() + " ms (is it running? check --coordinator)");
      return 1;
    }
    return 0;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
