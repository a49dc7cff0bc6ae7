package io.gauntlet.checker.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated history held in memory: the events in index order (each held once) and the pairing
 * of invokes with their completions as two int arrays. Build one with {@link #builder(String)},
 * {@link #of(List)} or {@link HistoryReader#read}.
 */
public final class History implements Iterable<Op> {
  private final List<Op> ops;
  /** partner[i] = index of the completion of invoke i, or of the invoke of completion i; -1 none. */
  private final int[] partner;
  /** Computed on first use: every checker run on this history splits it the same way. */
  private volatile Map<String, List<Call>> callsByKey;

  private History(List<Op> ops, int[] partner) {
    this.ops = Collections.unmodifiableList(ops);
    this.partner = partner;
  }

  /** The events in index order (op {@code i} has index {@code i}). */
  public List<Op> ops() {
    return ops;
  }

  public int size() {
    return ops.size();
  }

  public Op get(int index) {
    return ops.get(index);
  }

  @Override
  public Iterator<Op> iterator() {
    return ops.iterator();
  }

  /**
   * Whether the event at {@code i} begins a call: an invoke, or a nemesis {@code info} written
   * Jepsen's way without an invoke (see {@link HistoryValidator}).
   */
  public boolean opensCall(int i) {
    return ops.get(i).isInvoke() || partner[i] < 0 || partner[i] >= i;
  }

  /** The completion of the call opened at {@code invokeIndex}, or null if it never completed. */
  public Op completionOf(int invokeIndex) {
    int p = partner[invokeIndex];
    return p < 0 || !opensCall(invokeIndex) ? null : ops.get(p);
  }

  /** The event that opened the call that the completion at {@code completionIndex} completes. */
  public Op invocationOf(int completionIndex) {
    if (opensCall(completionIndex)) {
      throw new IllegalArgumentException("op " + completionIndex + " opens a call");
    }
    return ops.get(partner[completionIndex]);
  }

  /** Every client call (not the nemesis) in invoke order, paired with its completion. */
  public List<Call> calls() {
    return calls(false);
  }

  /** The nemesis's calls in invoke order (for shading fault intervals on plots). */
  public List<Call> nemesisCalls() {
    return calls(true);
  }

  private List<Call> calls(boolean nemesis) {
    List<Call> out = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op.isNemesis() == nemesis && opensCall(i)) {
        int p = partner[i];
        out.add(new Call(op, p < 0 ? null : ops.get(p)));
      }
    }
    return out;
  }

  /**
   * Client calls grouped by key (unmodifiable), keys in order of first appearance, calls in invoke
   * order; calls without a key are under the null key. This is the P-compositional split the
   * linearizability checker uses.
   */
  public Map<String, List<Call>> callsByKey() {
    Map<String, List<Call>> byKey = callsByKey;
    if (byKey == null) {
      byKey = new LinkedHashMap<>();
      List<Call> last = null;
      String lastKey = null;
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        if (op.type() != OpType.INVOKE || op.isNemesis()) {
          continue;
        }
        if (last == null || !java.util.Objects.equals(lastKey, op.key())) {
          lastKey = op.key();
          last = byKey.computeIfAbsent(lastKey, k -> new ArrayList<>());
        }
        int p = partner[i];
        last.add(new Call(op, p < 0 ? null : ops.get(p)));
      }
      for (Map.Entry<String, List<Call>> e : byKey.entrySet()) {
        e.setValue(Collections.unmodifiableList(e.getValue()));
      }
      callsByKey = Collections.unmodifiableMap(byKey);
      byKey = callsByKey;
    }
    return byKey;
  }

  /** Validates {@code ops} (indices must already be 0..n-1) and builds a history. */
  public static History of(List<Op> ops) {
    Builder b = builder("history");
    for (Op op : ops) {
      b.add(op);
    }
    return b.build();
  }

  /** A builder that validates each event as it is added; {@code source} names it in errors. */
  public static Builder builder(String source) {
    return new Builder(source);
  }

  /** Accumulates validated events; lines default to index + 1 when not given. */
  public static final class Builder {
    private final HistoryValidator validator;
    private final List<Op> ops = new ArrayList<>();
    private int[] partner = new int[64];

    private Builder(String source) {
      this.validator = new HistoryValidator(source);
    }

    public Builder add(Op op) {
      return add(op, op.index() + 1);
    }

    /** Adds an event read from source line {@code line} (for error messages). */
    public Builder add(Op op, long line) {
      Op invoke = validator.accept(op, line);
      Op instant = validator.takeInstant();
      if (instant != null) {
        partner[(int) instant.index()] = (int) instant.index();
      }
      int i = ops.size();
      if (i == partner.length) {
        partner = java.util.Arrays.copyOf(partner, i * 2);
      }
      partner[i] = -1;
      if (invoke != null) {
        partner[i] = (int) invoke.index();
        partner[(int) invoke.index()] = i;
      }
      ops.add(op);
      return this;
    }

    /** The index the next event must have. */
    public long nextIndex() {
      return ops.size();
    }

    public History build() {
      return new History(ops, java.util.Arrays.copyOf(partner, ops.size()));
    }
  }
}
