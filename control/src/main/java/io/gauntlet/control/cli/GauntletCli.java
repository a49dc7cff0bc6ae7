package io.gauntlet.control.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one entry point: {@code bin/gauntlet <command>}. Each command is a small class registered
 * here by one line.
 */
@Command(
    name = "gauntlet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Gauntlet: the MIT 6.5840 stack as real software, and a Jepsen-style test bed.",
    subcommands = {
      HelpCommand.class, // nested: help sim raft
      SimCommand.class,
      CheckCommand.class,
      MrCommand.class,
      BenchCommand.class,
      ReportCommand.class,
      EdnCommand.class,
      NodeCommand.class,
      ClusterCommand.class,
      KvClientCommand.class,
      AdminCommand.class,
      TestCommand.class,
      TestAllCommand.class,
      SoakCommand.class,
      ServeCommand.class,
    })
public final class GauntletCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Exit codes follow Jepsen where they apply: 254 for bad arguments, 255 for internal errors. */
  public static final int EXIT_USAGE = 254;
  public static final int EXIT_INTERNAL = 255;

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new GauntletCli());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr().println("error: " + ex.getMessage());
          cmd.getErr().println("(run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage)");
          return EXIT_USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("internal error: " + ex);
          ex.printStackTrace(cmd.getErr());
          return EXIT_INTERNAL;
        });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
