package io.gauntlet.control.cli;

import picocli.CommandLine.Command;

/** {@code gauntlet bench ...}: performance measured side by side against a peer. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure performance against a peer, side by side.",
    subcommands = {BenchCheckerCommand.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
