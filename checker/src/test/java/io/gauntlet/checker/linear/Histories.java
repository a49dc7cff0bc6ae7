package io.gauntlet.checker.linear;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.Models;

/** Test helpers: run the fast checker on a history with a model's default initial state. */
final class Histories {
  private Histories() {}

  static CheckResult check(History h, String model) {
    Model m = Models.byName(model);
    return new LinearizabilityChecker(m, m.initialState(null), Budget.defaults()).check(h);
  }

  static Verdict brute(History h, String model) {
    Model m = Models.byName(model);
    return BruteForce.check(h, m, m.initialState(null));
  }

  /** The history as JSONL, for assertion messages that let a person replay a failure. */
  static String jsonl(History h) {
    StringBuilder sb = new StringBuilder();
    h.forEach(op -> sb.append(io.gauntlet.checker.history.HistoryWriter.toJson(op)).append('\n'));
    return sb.toString();
  }
}
