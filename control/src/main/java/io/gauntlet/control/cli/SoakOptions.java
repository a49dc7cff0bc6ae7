package io.gauntlet.control.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every {@code gauntlet sim ...} soak takes (a picocli mixin). */
final class SoakOptions {
  @Option(names = "--seeds", paramLabel = "N", description = "How many seeds to run (default ${DEFAULT-VALUE}).", defaultValue = "100")
  int seeds;

  @Option(names = "--from", paramLabel = "S", description = "First seed (default ${DEFAULT-VALUE}).", defaultValue = "1")
  long from;

  @Option(names = "--seed", paramLabel = "S", description = "Run this one seed only (with --trace, print its event trace).")
  Long seed;

  @Option(names = "--trace", description = "Print the event trace of the run (needs --seed).")
  boolean trace;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of cores).")
  Integer threads;

  /** Checks the combination; throws picocli's ParameterException (exit 254) with the reason. */
  void validate(CommandLine cmd) {
    var parsed = cmd.getParseResult();
    if (seed != null && parsed != null && (parsed.hasMatchedOption("--seeds") || parsed.hasMatchedOption("--from"))) {
      throw new CommandLine.ParameterException(cmd, "--seed S runs one seed; it does not go with --seeds or --from");
    }
    if (trace && seed == null) {
      throw new CommandLine.ParameterException(cmd, "--trace needs --seed S (one run's trace)");
    }
    if (seeds < 1) {
      throw new CommandLine.ParameterException(cmd, "--seeds must be at least 1, not " + seeds);
    }
    if (threads != null && threads < 1) {
      throw new CommandLine.ParameterException(cmd, "--threads must be at least 1, not " + threads);
    }
  }

  /** The first seed to run: --seed if given, else --from. */
  long first() {
    return seed != null ? seed : from;
  }

  /** How many seeds to run: 1 with --seed, else --seeds. */
  int count() {
    return seed != null ? 1 : seeds;
  }

  int threads() {
    return seed != null ? 1 : threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }
}
