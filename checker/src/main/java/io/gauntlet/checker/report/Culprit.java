package io.gauntlet.checker.report;

import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.OpView;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.linear.Violation;

/**
 * A verdict explained in one terminal line, as {@code linear.html} explains it at length: for an
 * invalid history the call that cannot be linearized (key, call, process, history index) and what
 * the state could only be; for an unknown one the reason (which budget ran out, on which key).
 */
public final class Culprit {
  private Culprit() {}

  /** The explanation, or null for a valid history (nothing to explain). */
  public static String line(CheckResult r) {
    if (r.verdict() == Verdict.UNKNOWN) {
      return r.cause() == null ? "the check could not decide" : r.cause();
    }
    Violation v = r.violation();
    if (r.verdict() != Verdict.INVALID || v == null) {
      return null;
    }
    String key = v.key() == null ? "" : "key " + v.key() + ", ";
    OpView c = v.culprit();
    if (c == null) {
      return key + "no order of the calls explains their results (longest linearizable prefix: "
          + v.prefix().size() + " calls)";
    }
    String states = v.prefixStates().isEmpty() ? ""
        : "; the state could only be " + (v.prefixStates().size() == 1 ? v.prefixStates().get(0).toString()
            : "one of " + v.prefixStates());
    return Html.abbreviate(key + "process " + c.process() + ", " + LinearHtml.describe(c)
        + " at history index " + c.invokeIndex() + " cannot be linearized after the " + v.prefix().size()
        + " calls before it" + states, 400);
  }
}
