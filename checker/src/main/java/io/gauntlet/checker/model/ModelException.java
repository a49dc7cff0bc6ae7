package io.gauntlet.checker.model;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.Op;

/** A call that does not fit the chosen model (unknown f, malformed value); names the op. */
public final class ModelException extends IllegalArgumentException {
  public ModelException(String model, Call call, String problem) {
    super("op " + call.invoke().index() + " (process " + call.invoke().processName() + ", f "
        + call.f() + where(call.completion()) + "): " + problem + " for model " + model);
  }

  private static String where(Op completion) {
    return completion == null ? "" : ", completed at op " + completion.index();
  }
}
