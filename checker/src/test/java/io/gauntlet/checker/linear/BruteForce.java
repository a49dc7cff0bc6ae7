package io.gauntlet.checker.linear;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.model.Model;
import java.util.List;

/**
 * The oracle: tries every order of each key's calls that respects real time (a call may go next
 * only if no unplaced ok call returned before it was invoked), with every subset of info calls
 * left out, and no pruning beyond the model refusing a step. Exponential; for small histories.
 */
final class BruteForce {
  private BruteForce() {}

  static Verdict check(History h, Model model, Object init) {
    for (var e : h.callsByKey().entrySet()) {
      var p = LinearizabilityChecker.prepare(model, e.getKey(), e.getValue());
      List<Call> calls = p.calls();
      List<Model.Transition> ts = List.of(p.transitions());
      if (calls.size() > 12) {
        throw new IllegalArgumentException("brute force is for small histories: " + calls.size() + " calls");
      }
      if (!search(calls, ts, new boolean[calls.size()], init)) {
        return Verdict.INVALID;
      }
    }
    return Verdict.VALID;
  }

  private static boolean search(List<Call> calls, List<Model.Transition> ts, boolean[] done, Object state) {
    boolean allOk = true;
    for (int i = 0; i < calls.size(); i++) {
      if (!done[i] && calls.get(i).isOk()) {
        allOk = false;
      }
    }
    if (allOk) {
      return true; // every remaining call is info: it never took effect
    }
    for (int i = 0; i < calls.size(); i++) {
      if (done[i] || !minimal(calls, done, i)) {
        continue;
      }
      Object next = ts.get(i).apply(state);
      if (next != null) {
        done[i] = true;
        boolean found = search(calls, ts, done, next);
        done[i] = false;
        if (found) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether call i may go next: no unplaced ok call returned before i was invoked (an info
   * call's completion says nothing about when it took effect). */
  private static boolean minimal(List<Call> calls, boolean[] done, int i) {
    long invoked = calls.get(i).invoke().index();
    for (int j = 0; j < calls.size(); j++) {
      if (!done[j] && j != i && calls.get(j).isOk() && calls.get(j).returnIndex() < invoked) {
        return false;
      }
    }
    return true;
  }
}
