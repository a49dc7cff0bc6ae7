package io.gauntlet.control.cli;

import picocli.CommandLine.Command;

/** {@code gauntlet sim ...}: seeded soaks in the deterministic simulator. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Run seeded randomized scenarios in the deterministic simulator.",
    subcommands = {SimRaftCommand.class, SimKvraftCommand.class, SimShardKvCommand.class, SimMrCommand.class})
final class SimCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
