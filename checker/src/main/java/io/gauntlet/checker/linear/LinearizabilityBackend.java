package io.gauntlet.checker.linear;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.model.Model;

/**
 * A linearizability checker behind {@code gauntlet check --checker NAME}. The built-in one is
 * {@link WglBackend}; others (Knossos) adapt an external tool to the same result data.
 */
public interface LinearizabilityBackend {
  /** The name given to {@code --checker}. */
  String name();

  /**
   * Checks {@code history} against {@code model} from {@code initialState} within {@code budget}.
   *
   * @throws io.gauntlet.checker.model.ModelException if a call does not fit the model
   * @throws Exception if the back-end itself fails (reported as an internal error)
   */
  CheckResult check(History history, Model model, Object initialState, Budget budget) throws Exception;
}
