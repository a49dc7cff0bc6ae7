package io.gauntlet.checker.linear;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.model.Model;

/** The built-in back-end: {@link LinearizabilityChecker} (Wing-Gong-Lowe with a cache). */
public final class WglBackend implements LinearizabilityBackend {
  @Override
  public String name() {
    return "wgl";
  }

  @Override
  public CheckResult check(History history, Model model, Object initialState, Budget budget) {
    return new LinearizabilityChecker(model, initialState, budget).check(history);
  }
}
