package io.gauntlet.control.cli;

import io.gauntlet.system.mapreduce.Apps;
import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.Tasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Validation shared by the {@code mr} commands: bad input is a usage error (exit 254) naming what is wrong. */
final class MrArgs {
  private MrArgs() {}

  static MapReduceApp app(CommandSpec spec, String name) {
    try {
      return Apps.load(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Input files as given (the name the app sees) with their absolute paths; each must be a readable file. */
  static List<Tasks.Input> inputs(CommandSpec spec, List<Path> files) {
    List<Tasks.Input> inputs = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "input file " + f + " does not exist or is not a regular file (resolved to " + f.toAbsolutePath() + ")");
      }
      if (!Files.isReadable(f)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "input file " + f + " is not readable");
      }
      inputs.add(new Tasks.Input(f.toString(), f.toAbsolutePath()));
    }
    return inputs;
  }

  /**
   * Makes sure {@code dir} is a writable directory (creating it if needed), before any process
   * starts; otherwise a usage error (exit 254) that names the flag, the path and the reason.
   */
  static void writableDir(CommandSpec spec, String flag, java.nio.file.Path dir) {
    try {
      if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
        throw new CommandLine.ParameterException(spec.commandLine(), flag + " " + dir + " exists and is not a directory");
      }
      java.nio.file.Files.createDirectories(dir);
      if (!java.nio.file.Files.isWritable(dir)) {
        throw new CommandLine.ParameterException(spec.commandLine(), flag + " " + dir + " is not writable");
      }
    } catch (java.io.IOException | SecurityException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), flag + " " + dir + " cannot be created: " + e);
    }
  }

  static void positive(CommandSpec spec, String flag, int value) {
    if (value < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), flag + " must be at least 1, got " + value);
    }
  }
}
