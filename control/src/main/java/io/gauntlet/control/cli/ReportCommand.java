package io.gauntlet.control.cli;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryFormatException;
import io.gauntlet.checker.history.HistoryFiles;
import io.gauntlet.checker.report.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet report HISTORY --out DIR}: the plots and the timeline of any history, with no
 * model needed. Prints each file written. Exit 0 on success, 254 for bad arguments or an unreadable
 * history (the error names the line), 255 for an internal error (including a failed write).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Draw a history (history.jsonl, or Jepsen's history.edn): latency-raw.png, latency-quantiles.png, rate.png (nemesis"
          + " intervals shaded) and timeline.html, written into DIR.",
      "Exit: 0 written, 254 bad arguments or bad history file, 255 internal error (or a failed write)."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "directory to write the reports into (created if needed)")
  Path out;

  @Parameters(paramLabel = "HISTORY", arity = "1", description = "the history.jsonl or history.edn file (or a directory holding one)")
  Path history;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    History h;
    try {
      h = HistoryFiles.read(history, null);
    } catch (NoSuchFileException e) {
      stderr.println("error: " + history + ": no such file");
      return GauntletCli.EXIT_USAGE;
    } catch (AccessDeniedException e) {
      stderr.println("error: " + history + ": permission denied");
      return GauntletCli.EXIT_USAGE;
    } catch (HistoryFormatException e) {
      stderr.println("error: " + e.getMessage());
      return GauntletCli.EXIT_USAGE;
    } catch (IOException e) {
      stderr.println("error: " + history + ": cannot read: " + e.getMessage());
      return GauntletCli.EXIT_USAGE;
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      stderr.println("error: --out " + out + " exists and is not a directory");
      return GauntletCli.EXIT_USAGE;
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      stderr.println("error: --out " + out + ": cannot create the directory: " + e);
      return GauntletCli.EXIT_USAGE;
    }
    List<Path> written;
    try {
      written = Reports.writeAll(h, out, history.toString());
    } catch (IOException e) {
      // the directory exists and the history is fine: a failing disk or a clash inside DIR
      stderr.println("error: writing the reports into " + out + " failed: " + e);
      return GauntletCli.EXIT_INTERNAL;
    }
    for (Path p : written) {
      stdout.println(p);
    }
    stdout.flush();
    return 0;
  }
}
