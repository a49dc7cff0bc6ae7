package io.gauntlet.control.cli;

import io.gauntlet.checker.history.EdnWriter;
import io.gauntlet.checker.history.HistoryFormatException;
import io.gauntlet.checker.history.HistoryFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gauntlet edn HISTORY [--out FILE]}: exports a history as Knossos/Jepsen EDN so Jepsen's
 * own tools can check the same history. The whole file is validated before anything is written, so
 * a bad history (exit 254) leaves no partial EDN behind.
 */
@Command(
    name = "edn",
    mixinStandardHelpOptions = true,
    description = {
      "Export a history (history.jsonl, or EDN) as Knossos/Jepsen EDN (history.edn), one op map per line.",
      "Keyed ops carry [key value] tuples (jepsen.independent) unless --no-tuples."
    })
final class EdnCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec spec;

  @Parameters(paramLabel = "HISTORY", description = "history.jsonl (or a result bundle directory)")
  Path history;

  @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
  Path out;

  @Option(names = "--no-tuples", description = "write keys as a :key field instead of [key value] tuples")
  boolean noTuples;

  private int usage(String message) {
    spec.commandLine().getErr().println("error: " + message);
    return GauntletCli.EXIT_USAGE;
  }

  @Override
  public Integer call() throws IOException {
    Path file = HistoryFiles.resolve(history);
    List<io.gauntlet.checker.history.Op> ops;
    try {
      ops = HistoryFiles.read(file, null).ops(); // JSONL, or EDN (normalised: indices, times, tuples)
    } catch (NoSuchFileException e) {
      spec.commandLine().getErr().println("error: " + file + ": no such file");
      return GauntletCli.EXIT_USAGE;
    } catch (HistoryFormatException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return GauntletCli.EXIT_USAGE;
    }
    if (out == null) {
      Writer w = spec.commandLine().getOut();
      EdnWriter.write(ops, w, !noTuples);
      return 0;
    }
    Path folder = out.toAbsolutePath().getParent();
    if (Files.isDirectory(out)) {
      return usage("--out " + out + " is a directory (--out names the EDN file to write)");
    }
    if (folder != null && !Files.isDirectory(folder)) {
      return usage("--out " + out + ": the folder " + folder + " does not exist (create it first)");
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try {
      try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8))) {
        EdnWriter.write(ops, w, !noTuples);
      }
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      return usage("cannot write --out " + out + " (" + (e instanceof java.nio.file.AccessDeniedException
          ? "permission denied" : e.getClass().getSimpleName() + ": " + e.getMessage()) + ")");
    }
    return 0;
  }
}
