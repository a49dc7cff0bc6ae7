package io.gauntlet.control.cli;

import io.gauntlet.control.serve.ResultsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gauntlet serve}: a read-only web page over the result bundles, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Browse the result bundles in a web browser: the index (search, sort, filter, pages), each bundle "
        + "(verdicts, plots, timeline, logs, zip), campaigns and comparisons. Read-only; loopback only by default.")
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--results", defaultValue = "results", paramLabel = "DIR", description = "the results folder (default ${DEFAULT-VALUE})")
  Path results;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}, this machine only)")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "port (default ${DEFAULT-VALUE}; 0 picks a free one)")
  int port;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(results)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--results " + results + " is not a folder"
          + (Files.exists(results) ? "" : " (it does not exist; `bin/gauntlet test` creates it)"));
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--host " + host + " is not a known address");
    }
    String warning = exposure(address, results);
    if (warning != null) {
      spec.commandLine().getErr().println(warning);
      spec.commandLine().getErr().flush();
    }
    ResultsServer server;
    try {
      server = new ResultsServer(results, host, port);
    } catch (BindException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "cannot listen on " + host + ":" + port + ": "
          + e.getMessage() + " (another server there? try --port 0)");
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "cannot serve " + results + ": " + e.getMessage());
    }
    server.start();
    String shown = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    spec.commandLine().getOut().println("serving " + results.toAbsolutePath().normalize() + " at http://" + shown + ":"
        + server.port() + "/ (read-only; Ctrl-C stops)");
    spec.commandLine().getOut().flush();
    // Read every summary now rather than on the first page view (seconds with many bundles).
    long t0 = System.nanoTime();
    int n = server.index().refresh().size();
    spec.commandLine().getOut().printf(java.util.Locale.ROOT, "indexed %d bundles in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    spec.commandLine().getOut().flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }, "serve-stop"));
    stop.await();
    return 0;
  }

  /** The warning for an address other than loopback (0.0.0.0 included), or null for loopback. */
  static String exposure(InetAddress address, Path results) {
    return address.isLoopbackAddress() ? null : "warning: listening on " + address.getHostAddress() + ", not loopback: "
        + "anyone who can reach this address can read every bundle under " + results.toAbsolutePath().normalize()
        + " (logs, options, histories)";
  }
}
