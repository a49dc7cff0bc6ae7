package io.gauntlet.workloads.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryWriter;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityChecker;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.linear.OpView;
import io.gauntlet.checker.linear.Violation;
import io.gauntlet.checker.model.Models;
import io.gauntlet.checker.report.LinearHtml;
import io.gauntlet.checker.report.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Checks a simulated history for linearizability and, on request, writes it out for a person. */
public final class HistoryCheck {
  private HistoryCheck() {}

  /** Checks {@code history} against the named model (per key) within {@code timeLimit}. */
  public static CheckResult linearizable(History history, String model, Duration timeLimit) {
    Model m = Models.byName(model);
    Budget budget = Budget.defaults().withTimeLimit(timeLimit).withThreads(1);
    return new LinearizabilityChecker(m, m.initialState(null), budget).check(history);
  }

  /**
   * One line a person can read: which call could not be linearized, when, and what the state could
   * be instead, e.g. {@code key k2: get by process 3 [1816 ms .. 2267 ms] returned "p0.6", but after
   * the 17 calls before it that can be linearized the value can only be "p0.6a1.9;"}.
   */
  public static String summary(CheckResult result) {
    Violation v = result.violation();
    if (v == null || v.culprit() == null) {
      return result.verdict() + (result.cause() == null ? "" : ": " + result.cause());
    }
    OpView c = v.culprit();
    return String.format("key %s: %s by process %d [%d ms .. %d ms]%s returned %s, but after the %d calls before it"
            + " that can be linearized the state can only be %s",
        v.key(), c.f(), c.process(), c.invokeTime() / 1_000_000, c.completionTime() / 1_000_000,
        c.argument() == null || c.argument().isNull() ? "" : " with " + c.argument(), c.result(), v.prefix().size(),
        v.prefixStates().size() == 1 ? v.prefixStates().get(0) : "one of " + v.prefixStates());
  }

  /**
   * Writes {@code history.jsonl}, {@code results.json}, {@code linear.html} (if the result holds a
   * violation) and the timeline and plots into {@code dir}; returns the dir.
   */
  public static Path write(Path dir, History history, CheckResult result) {
    try {
      Files.createDirectories(dir);
      HistoryWriter.write(dir.resolve("history.jsonl"), history);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("results.json").toFile(), result.toJson());
      if (result.violation() != null) {
        LinearHtml.write(result.violation(), dir.getFileName() + " (model " + result.model() + ")", dir.resolve("linear.html"));
      }
      Reports.writeAll(history, dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the failing history to " + dir + ": " + e.getMessage(), e);
    }
  }
}
