package io.gauntlet.workloads.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.Op;
import io.gauntlet.checker.history.OpType;
import io.gauntlet.system.sim.Simulation;
import java.util.HashMap;
import java.util.Map;

/**
 * Records what simulated clients did as a history (docs/history-format.md), stamped with the
 * simulator's virtual time. Jepsen's process rule is kept: after an {@code info} completion the
 * process is never used again; callers ask {@link #newProcess()} for a fresh one.
 */
public final class SimHistory {
  public static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final java.util.function.LongSupplier clock;
  private final History.Builder builder;
  private final Map<Integer, Op> open = new HashMap<>();
  private int nextProcess;

  public SimHistory(Simulation sim, String source) {
    this(sim::now, source);
  }

  /**
   * A history stamped by {@code clock} (ns): real processes use wall time since the test began.
   * Every method is synchronized, so clients on many threads can record into one history.
   */
  public SimHistory(java.util.function.LongSupplier clock, String source) {
    this.clock = clock;
    this.builder = History.builder(source);
  }

  /** A process number never used before. */
  public synchronized int newProcess() {
    return nextProcess++;
  }

  public synchronized void invoke(int process, String f, String key, JsonNode value, String node) {
    if (open.containsKey(process)) {
      throw new IllegalStateException("process " + process + " already has a call outstanding");
    }
    Op op = new Op(builder.nextIndex(), OpType.INVOKE, process, f, key, value, clock.getAsLong(), node, null);
    builder.add(op);
    open.put(process, op);
  }

  public synchronized void ok(int process, JsonNode value) {
    complete(process, OpType.OK, value, null);
  }

  /** The call certainly did not take effect. */
  public synchronized void fail(int process, String error) {
    complete(process, OpType.FAIL, null, error);
  }

  /** The call may or may not have taken effect; the process must not be used again. */
  public synchronized void info(int process, String error) {
    complete(process, OpType.INFO, null, error);
  }

  private synchronized void complete(int process, OpType type, JsonNode value, String error) {
    Op inv = open.remove(process);
    if (inv == null) {
      throw new IllegalStateException("process " + process + " has no call outstanding");
    }
    JsonNode v = value != null ? value : inv.value();
    builder.add(new Op(builder.nextIndex(), type, process, inv.f(), inv.key(), v, clock.getAsLong(), inv.node(), error));
  }

  /** A fault the scenario applied, drawn as a shaded interval in reports. */
  public synchronized void nemesis(String f, String value) {
    long t = clock.getAsLong();
    JsonNode v = value == null ? null : JSON.textNode(value);
    builder.add(new Op(builder.nextIndex(), OpType.INVOKE, Op.NEMESIS, f, null, v, t, null, null));
    builder.add(new Op(builder.nextIndex(), OpType.INFO, Op.NEMESIS, f, null, v, t, null, null));
  }

  public synchronized boolean isOpen(int process) {
    return open.containsKey(process);
  }

  /** The history so far; calls still open are left as invokes (the checker treats them as info). */
  public synchronized History build() {
    return builder.build();
  }
}
