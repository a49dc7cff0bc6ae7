package io.gauntlet.control.cli;

import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterFileException;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gauntlet cluster ...}: cluster files. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Write and inspect cluster files.",
    subcommands = {ClusterCommand.Init.class, ClusterCommand.Clean.class})
final class ClusterCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Write a working cluster file for one host, and a new random secret beside it.")
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--role", defaultValue = "kvraft", description = "kvsrv, kvraft, shardctrler or shardkv (default ${DEFAULT-VALUE})")
    String role;

    @Option(names = "--nodes", defaultValue = "3", description = "replicas (per group for shardkv; default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--groups", defaultValue = "2", description = "shard groups, for --role shardkv (default ${DEFAULT-VALUE})")
    int groups;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address every node listens on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--base-port", required = true, description = "first port; nodes take consecutive ports")
    int basePort;

    @Option(names = "--name", defaultValue = "gauntlet", description = "cluster name (default ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--out", required = true, description = "the cluster file to write (FILE.secret is written beside it)")
    Path out;

    @Option(names = "--force", description = "overwrite an existing file")
    boolean force;

    @Override
    public Integer call() throws Exception {
      Role r;
      try {
        r = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--role: " + e.getMessage());
      }
      if (nodes < 1 || nodes > 99) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1..99, got " + nodes);
      }
      if (r == Role.KVSRV && nodes != 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "kvsrv is a single server: use --nodes 1");
      }
      if (groups < 1 || groups > 20) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--groups must be 1..20, got " + groups);
      }
      int total = r == Role.SHARDKV ? 3 + nodes * groups : nodes;
      if (basePort < 1 || basePort + total - 1 > 65535) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--base-port " + basePort + " leaves no room for "
            + total + " ports below 65536");
      }
      if (Files.exists(out) && !force) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " exists (use --force to overwrite)");
      }
      String secret = out.getFileName() + ".secret";
      ClusterSpec c = ClusterFile.generate(name, r, nodes, groups, host, basePort, secret);
      try {
        ClusterFile.write(out, c);
      } catch (ClusterFileException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      spec.commandLine().getOut().println("wrote " + out + " (" + c.nodes().size() + " nodes) and its secret "
          + ClusterFile.secretPath(out, c));
      return 0;
    }
  }

  @Command(name = "clean", mixinStandardHelpOptions = true,
      description = "Remove network namespaces, veths and the bridge a crashed test left behind (and kill processes inside them).")
  static final class Clean implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      String missing = io.gauntlet.control.remote.NetnsHosts.missing();
      if (missing != null) {
        spec.commandLine().getErr().println("error: " + missing);
        return 1;
      }
      java.util.List<String> removed = io.gauntlet.control.remote.NetnsHosts.cleanIfIdle();
      spec.commandLine().getOut().println(removed.isEmpty() ? "nothing to clean" : "removed " + String.join(", ", removed));
      return 0;
    }
  }
}
