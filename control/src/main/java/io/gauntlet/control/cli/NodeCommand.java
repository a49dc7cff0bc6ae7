package io.gauntlet.control.cli;

import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterFileException;
import io.gauntlet.system.node.NodeDaemon;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet node}: runs one node of a cluster file until SIGTERM (orderly: exit 0) or kill -9
 * (the next start recovers from disk). Prints {@code listening on HOST:PORT} once it serves. Exit 1
 * if it cannot start (its reason on stderr and in the log), 70 if node logic fails later.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run one node (kvsrv, kvraft, shardctrler or shardkv replica) of a cluster file.")
final class NodeCommand implements Callable<Integer> {
  static final int EXIT_FATAL = 70;

  @Spec CommandSpec spec;

  @Option(names = "--cluster", required = true, description = "the cluster file (JSON; see `cluster init`)")
  Path clusterFile;

  @Option(names = "--id", required = true, description = "this node's id in the cluster file")
  String id;

  @Option(names = "--data-dir", required = true, description = "the node's storage directory (created if missing)")
  Path dataDir;

  @Option(names = "--log", description = "log file (default DATA-DIR/node.log)")
  Path logFile;

  @Option(names = "--raft-journal", description = "append the terms this node leads and every entry it applies to this"
      + " file, for the test bed to compare across nodes (off by default: it grows with every command)")
  Path journalFile;

  @Override
  public Integer call() throws Exception {
    ClusterFile.Loaded cluster;
    NodeDaemon daemon;
    try {
      cluster = ClusterFile.load(clusterFile);
      daemon = new NodeDaemon(cluster, id, dataDir);
    } catch (ClusterFileException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--data-dir " + dataDir + ": cannot create: " + e.getMessage());
    }
    Path log = logFile != null ? logFile : dataDir.resolve("node.log");
    NodeLogging.toFile(log, id);
    if (journalFile != null) {
      daemon.journalTo(journalFile);
    }
    Logger logger = LoggerFactory.getLogger("gauntlet.node");
    PrintWriter out = spec.commandLine().getOut();
    InetSocketAddress bound;
    try {
      bound = daemon.start(why -> {
        logger.error("exiting with status {} after a fatal error in node logic: {}", EXIT_FATAL, why.toString());
        Runtime.getRuntime().halt(EXIT_FATAL);
      });
    } catch (NodeDaemon.StartException e) {
      logger.error("cannot start: {}", e.getMessage());
      spec.commandLine().getErr().println("error: node " + id + " cannot start: " + e.getMessage());
      spec.commandLine().getErr().println("(log: " + log + ")");
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      logger.info("stopping: SIGTERM");
      daemon.close();
      logger.info("stopped");
      stopped.countDown();
      Runtime.getRuntime().halt(0); // an orderly stop exits 0 (the JVM's own status for SIGTERM is 143)
    }, "node-shutdown"));
    out.println("listening on " + bound.getHostString() + ":" + bound.getPort());
    out.flush();
    stopped.await();
    return 0;
  }
}
