package io.gauntlet.control.cli;

import picocli.CommandLine.Command;

/** {@code gauntlet mr ...}: MapReduce as real processes. */
@Command(
    name = "mr",
    mixinStandardHelpOptions = true,
    description = "MapReduce: a sequential reference run, a coordinator, workers, or a whole job on local processes.",
    subcommands = {MrSequentialCommand.class, MrCoordinatorCommand.class, MrWorkerCommand.class, MrRunCommand.class})
final class MrCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
