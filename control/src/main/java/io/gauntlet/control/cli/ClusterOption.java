package io.gauntlet.control.cli;

import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Loads the cluster file named by {@code --cluster}; a bad one is a usage error naming what is wrong. */
final class ClusterOption {
  private ClusterOption() {}

  static ClusterFile.Loaded load(CommandSpec spec, Path file) {
    try {
      return ClusterFile.load(file);
    } catch (ClusterFileException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cluster " + e.getMessage());
    }
  }
}
