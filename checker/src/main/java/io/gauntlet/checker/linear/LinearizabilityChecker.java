package io.gauntlet.checker.linear;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.OpType;
import io.gauntlet.checker.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides whether a history is linearizable with respect to a {@link Model}: splits it per key
 * (P-compositionality: a history is linearizable iff each key's is), removes {@code fail} calls,
 * and runs a {@link PartitionSearch} per key, keys in parallel, largest first. The first invalid
 * key stops the others. Budgets ({@link Budget}) end the check with {@code unknown} and a cause.
 */
public final class LinearizabilityChecker {
  private static final int MAX_WINDOW = 200;

  private final Model model;
  private final Object initialState;
  private final Budget budget;
  private boolean alwaysPrune;

  public LinearizabilityChecker(Model model, Object initialState, Budget budget) {
    this.model = model;
    this.initialState = initialState;
    this.budget = budget;
  }

  /** For tests: apply the model's pruning from the first step instead of after backtracking. */
  LinearizabilityChecker alwaysPrune() {
    alwaysPrune = true;
    return this;
  }

  /**
   * Checks {@code history}.
   *
   * @throws io.gauntlet.checker.model.ModelException if a call does not fit the model
   */
  public CheckResult check(History history) {
    long start = System.nanoTime();
    Map<String, List<Call>> byKey = history.callsByKey();
    long ops = byKey.values().stream().mapToLong(List::size).sum();
    List<Prepared> parts = new ArrayList<>();
    for (Map.Entry<String, List<Call>> e : byKey.entrySet()) {
      parts.add(prepare(e.getKey(), e.getValue()));
    }
    long deadline = budget.timeLimit() == null ? Long.MAX_VALUE : start + budget.timeLimit().toNanos();
    MemoryMeter meter = new MemoryMeter(budget.memoryBytes());
    AtomicBoolean invalidFound = new AtomicBoolean();
    PartitionSearch.Outcome[] outcomes = new PartitionSearch.Outcome[parts.size()];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> -parts.get(i).calls.size()));
    int threads = Math.min(budget.threads(), parts.size());
    if (threads <= 1) {
      for (int i : order) {
        outcomes[i] = search(parts.get(i), meter, deadline, invalidFound);
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "wgl-search");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i : order) {
          futures.add(pool.submit(() -> {
            outcomes[i] = search(parts.get(i), meter, deadline, invalidFound);
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return assemble(parts, outcomes, ops, System.nanoTime() - start, meter);
  }

  /** One key's calls ready to search: fail calls and irrelevant calls dropped, transitions made. */
  record Prepared(String key, List<Call> calls, Model.Transition[] transitions, boolean[] readOnly) {}

  private Prepared prepare(String key, List<Call> all) {
    return prepare(model, key, all);
  }

  /** Drops fail calls and calls the model deems irrelevant; compiles the rest's transitions. */
  static Prepared prepare(Model model, String key, List<Call> all) {
    List<Call> kept = new ArrayList<>(all.size());
    List<Model.Transition> ts = new ArrayList<>(all.size());
    for (Call c : all) {
      if (c.outcome() == OpType.FAIL) {
        continue;
      }
      Model.Transition t = model.transition(c);
      if (t != null) {
        kept.add(c);
        ts.add(t);
      }
    }
    boolean[] readOnly = new boolean[kept.size()];
    for (int i = 0; i < readOnly.length; i++) {
      readOnly[i] = model.isReadOnly(kept.get(i));
    }
    return new Prepared(key, kept, ts.toArray(new Model.Transition[0]), readOnly);
  }

  private PartitionSearch.Outcome search(Prepared p, MemoryMeter meter, long deadline, AtomicBoolean invalidFound) {
    PartitionSearch.Outcome o;
    try {
      PartitionSearch search = new PartitionSearch(model, p.calls, p.transitions, p.readOnly, initialState,
          meter, () -> invalidFound.get() || System.nanoTime() > deadline);
      search.alwaysPrune = alwaysPrune;
      o = search.run();
    } catch (MemoryMeter.Exceeded e) {
      o = new PartitionSearch.Outcome(Verdict.UNKNOWN, "memory", new int[0], List.of(), -1, 0, 0);
    } catch (OutOfMemoryError e) {
      o = new PartitionSearch.Outcome(Verdict.UNKNOWN, "heap", new int[0], List.of(), -1, 0, 0);
    }
    if (o.verdict() == Verdict.INVALID) {
      invalidFound.set(true);
    } else if (o.verdict() == Verdict.UNKNOWN && "stopped".equals(o.cause())
        && System.nanoTime() <= deadline) {
      o = new PartitionSearch.Outcome(Verdict.UNKNOWN, "cancelled", o.longestPrefix(), o.prefixStates(),
          o.culprit(), o.configurations(), o.distinctStates());
    }
    return o;
  }

  private CheckResult assemble(List<Prepared> parts, PartitionSearch.Outcome[] outcomes, long ops,
      long nanos, MemoryMeter meter) {
    Verdict verdict = Verdict.VALID;
    String cause = null;
    Violation violation = null;
    List<CheckResult.KeyResult> keys = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Prepared p = parts.get(i);
      PartitionSearch.Outcome o = outcomes[i];
      String why = o.verdict() == Verdict.UNKNOWN ? describe(o.cause(), meter) : null;
      keys.add(new CheckResult.KeyResult(p.key, o.verdict(), why, p.calls.size(), o.configurations()));
      verdict = verdict.and(o.verdict());
      if (o.verdict() == Verdict.INVALID && violation == null) {
        violation = violation(p, o);
      }
      if (o.verdict() == Verdict.UNKNOWN && cause == null) {
        cause = why + (p.key == null ? "" : " (key " + p.key + ")");
      }
    }
    if (verdict != Verdict.UNKNOWN) {
      cause = null;
    }
    return new CheckResult(verdict, cause, "wgl", model.name(), ops, nanos / 1_000_000, keys, violation);
  }

  private String describe(String cause, MemoryMeter meter) {
    Duration limit = budget.timeLimit();
    return switch (cause) {
      case "stopped" -> "time limit of " + (limit == null ? "?" : seconds(limit)) + " reached";
      case "cancelled" -> "not finished: another key was found invalid first";
      case "memory" -> "memory budget of " + bytes(meter.budget()) + " exceeded";
      case "heap" -> "out of heap memory (raise -Xmx or lower the memory budget)";
      default -> cause;
    };
  }

  private static String bytes(long b) {
    return b >= 1 << 20 ? (b >> 20) + " MiB" : b >= 1024 ? (b >> 10) + " KiB" : b + " bytes";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  private Violation violation(Prepared p, PartitionSearch.Outcome o) {
    List<OpView> prefix = new ArrayList<>();
    for (int c : o.longestPrefix()) {
      prefix.add(OpView.of(p.calls.get(c)));
    }
    List<com.fasterxml.jackson.databind.JsonNode> states = new ArrayList<>();
    for (Object s : o.prefixStates()) {
      states.add(model.stateJson(s));
    }
    OpView culprit = null;
    List<OpView> window = new ArrayList<>();
    if (o.culprit() >= 0) {
      Call c = p.calls.get(o.culprit());
      culprit = OpView.of(c);
      long from = c.invoke().index();
      long to = c.returnIndex();
      for (Call other : p.calls) {
        if (other.invoke().index() < to && other.returnIndex() > from && window.size() < MAX_WINDOW) {
          window.add(OpView.of(other));
        }
      }
    }
    return new Violation(p.key, culprit, prefix, states, window);
  }
}
