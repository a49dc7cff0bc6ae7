package io.gauntlet.control.cli;

import picocli.CommandLine.Command;

/** {@code gauntlet bench ...}: measurements reported as ratios against a peer run side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks, each reported against a peer measured in the same run.",
    subcommands = {BenchMrCommand.class, BenchCheckerCommand.class, io.gauntlet.control.bench.BenchKvCommand.class,
        io.gauntlet.control.bench.BenchNetnsCommand.class, BenchServeCommand.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
