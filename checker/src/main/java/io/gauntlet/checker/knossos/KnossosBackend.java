package io.gauntlet.checker.knossos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import clojure.lang.Keyword;
import clojure.lang.RT;
import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.OpType;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityBackend;
import io.gauntlet.checker.linear.OpView;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.linear.Violation;
import io.gauntlet.checker.model.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --checker knossos}: checks with Knossos (jepsen-io/knossos) loaded from a standalone jar
 * the user provides. The history is split per key here (as the built-in checker does), each key's
 * calls are converted to an EDN history ({@link KnossosHistory}) and given to {@code
 * knossos.competition/analysis} with the matching Knossos model ({@link KnossosModel}), with the
 * time left of the budget as its {@code :time-limit}. The first invalid key stops the check; the
 * keys not yet checked are unknown. Knossos watches memory itself (it answers unknown with cause
 * out-of-memory), so the memory budget is not applied.
 */
public final class KnossosBackend implements LinearizabilityBackend {
  private static final Keyword VALID = Keyword.intern("valid?");
  private static final Keyword CAUSE = Keyword.intern("cause");
  private static final Keyword OP = Keyword.intern("op");
  private static final Keyword FINAL_PATHS = Keyword.intern("final-paths");
  private static final Keyword MODEL = Keyword.intern("model");
  private static final Keyword CALL = Keyword.intern("gauntlet", "call");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_STATES = 16;
  private static final int MAX_WINDOW = 200;

  private final KnossosRuntime runtime;

  /**
   * @param knossosJar the standalone Knossos jar
   * @throws IllegalArgumentException if it is missing or holds no Knossos, saying where to get it
   */
  public KnossosBackend(Path knossosJar) {
    this.runtime = new KnossosRuntime(knossosJar);
  }

  @Override
  public String name() {
    return "knossos";
  }

  @Override
  public CheckResult check(History history, Model model, Object initialState, Budget budget) {
    long start = System.nanoTime();
    KnossosModel km = KnossosModel.of(model, initialState);
    Map<String, List<Call>> byKey = history.callsByKey();
    List<KnossosHistory> parts = new ArrayList<>();
    long ops = 0;
    for (Map.Entry<String, List<Call>> e : byKey.entrySet()) {
      parts.add(KnossosHistory.of(e.getValue(), km, model.name()));
      ops += e.getValue().size();
    }
    long deadline = budget.timeLimit() == null ? Long.MAX_VALUE : start + budget.timeLimit().toNanos();
    // Loading Clojure and Knossos takes seconds on the first check: charged to the time limit, and
    // named in the result's checker field so that it is not mistaken for search time.
    long loadMillis;
    try {
      loadMillis = runtime.awaitLoaded(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loadMillis = -1;
    }
    String checker = loadMillis > 0 ? name() + " (loaded in " + loadMillis + " ms, within the time limit)" : name();
    Verdict verdict = Verdict.VALID;
    String cause = null;
    Violation violation = null;
    List<CheckResult.KeyResult> keys = new ArrayList<>();
    List<String> names = new ArrayList<>(byKey.keySet());
    for (int i = 0; i < parts.size(); i++) {
      KnossosHistory part = parts.get(i);
      String key = names.get(i);
      int searched = (int) part.calls().stream().filter(c -> c.outcome() != OpType.FAIL).count();
      Verdict v;
      String why = null;
      long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : (deadline - System.nanoTime()) / 1_000_000;
      if (verdict == Verdict.INVALID) {
        v = Verdict.UNKNOWN;
        why = "not finished: another key was found invalid first";
      } else if (loadMillis < 0) {
        v = Verdict.UNKNOWN;
        why = "time limit of " + seconds(budget.timeLimit()) + " reached while loading Knossos (loading"
            + " Clojure and Knossos takes seconds: raise --time-limit)";
      } else if (left <= 0) {
        v = Verdict.UNKNOWN;
        why = "time limit of " + seconds(budget.timeLimit()) + " reached";
      } else {
        Object r = runtime.analysis(km.constructor(), km.initEdn(), part.edn(),
            left == Long.MAX_VALUE ? null : left);
        Object valid = RT.get(r, VALID);
        if (Boolean.TRUE.equals(valid)) {
          v = Verdict.VALID;
        } else if (Boolean.FALSE.equals(valid)) {
          v = Verdict.INVALID;
          violation = violation(key, part, r);
        } else {
          v = Verdict.UNKNOWN;
          why = describe(RT.get(r, CAUSE), budget);
        }
      }
      keys.add(new CheckResult.KeyResult(key, v, why, searched, 0));
      if (v == Verdict.UNKNOWN && cause == null && verdict != Verdict.INVALID) {
        cause = why + (key == null ? "" : " (key " + key + ")");
      }
      verdict = verdict.and(v);
    }
    return new CheckResult(verdict, verdict == Verdict.UNKNOWN ? cause : null, checker, model.name(), ops,
        (System.nanoTime() - start) / 1_000_000, keys, violation);
  }

  private static String describe(Object cause, Budget budget) {
    String c = cause instanceof Keyword k ? k.getName() : String.valueOf(cause);
    return switch (c) {
      case "timeout" -> "time limit of " + (budget.timeLimit() == null ? "?" : seconds(budget.timeLimit()))
          + " reached (knossos)";
      case "out-of-memory" -> "knossos ran out of memory (raise -Xmx)";
      default -> "knossos: " + c;
    };
  }

  /** As the built-in checker words it: 300 s, 2.5 s. */
  private static String seconds(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  /** Maps Knossos's explanation (:op, :final-paths) onto our calls. */
  private static Violation violation(String key, KnossosHistory part, Object r) {
    Call culprit = call(part, RT.get(r, OP));
    List<OpView> prefix = new ArrayList<>();
    Set<JsonNode> states = new LinkedHashSet<>();
    Object paths = RT.get(r, FINAL_PATHS);
    boolean first = true;
    for (Object path = RT.seq(paths); path != null; path = RT.next(path)) {
      List<?> steps = (List<?>) RT.first(path);
      if (steps.size() >= 2 && states.size() < MAX_STATES) {
        states.add(state(RT.get(steps.get(steps.size() - 2), MODEL)));
      }
      if (first) { // one path's order shown as the linearization reached
        for (int i = 0; i < steps.size() - 1; i++) {
          Call c = call(part, RT.get(steps.get(i), OP));
          if (c != null) {
            prefix.add(view(c));
          }
        }
        first = false;
      }
    }
    List<OpView> window = new ArrayList<>();
    if (culprit != null) {
      long from = culprit.invoke().index();
      long to = culprit.returnIndex();
      for (Call other : part.calls()) {
        if (other.outcome() != OpType.FAIL && other.invoke().index() < to && other.returnIndex() > from
            && window.size() < MAX_WINDOW) {
          window.add(view(other));
        }
      }
    }
    return new Violation(key, culprit == null ? null : view(culprit), prefix, List.copyOf(states), window);
  }

  /** The call an op of Knossos's answer stands for (by our :gauntlet/call tag), or null. */
  private static Call call(KnossosHistory part, Object op) {
    Object n = op == null ? null : RT.get(op, CALL);
    return n instanceof Number i && i.intValue() >= 0 && i.intValue() < part.calls().size()
        ? part.calls().get(i.intValue()) : null;
  }

  /** A Knossos model state as JSON when its printed form is JSON (numbers, strings), else text. */
  private static JsonNode state(Object model) {
    String s = String.valueOf(model).replace(KnossosHistory.NIL, "null");
    try {
      return MAPPER.readTree(s);
    } catch (Exception notJson) {
      return TextNode.valueOf(s);
    }
  }

  static OpView view(Call c) {
    boolean done = c.completion() != null;
    return new OpView(c.process(), c.f(), c.key(), c.outcome().json(), c.invoke().index(),
        done ? c.completion().index() : -1, c.invoke().time(), done ? c.completion().time() : -1,
        c.invoke().valueOrNull(), done ? c.completion().valueOrNull()
            : com.fasterxml.jackson.databind.node.NullNode.instance);
  }
}
