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

  private final Simulation sim;
  private final History.Builder builder;
  private final Map<Integer, Op> open = new HashMap<>();
  private int nextProcess;

  public SimHistory(Simulation sim, String source) {
    this.sim = sim;
    this.builder = History.builder(source);
  }

  /** A process number never used before. */
  public int newProcess() {
    return nextProcess++;
  }

  public void invoke(int process, String f, String key, JsonNode value, String node) {
    if (open.containsKey(process)) {
      throw new IllegalStateException("process " + process + " already has a call outstanding");
    }
    Op op = new Op(builder.nextIndex(), OpType.INVOKE, process, f, key, value, sim.now(), node, null);
    builder.add(op);
    open.put(process, op);
  }

  public void ok(int process, JsonNode value) {
    complete(process, OpType.OK, value, null);
  }

  /** The call certainly did not take effect. */
  public void fail(int process, String error) {
    complete(process, OpType.FAIL, null, error);
  }

  /** The call may or may not have taken effect; the process must not be used again. */
  public void info(int process, String error) {
    complete(process, OpType.INFO, null, error);
  }

  private void complete(int process, OpType type, JsonNode value, String error) {
    Op inv = open.remove(process);
    if (inv == null) {
      throw new IllegalStateException("process " + process + " has no call outstanding");
    }
    JsonNode v = value != null ? value : inv.value();
    builder.add(new Op(builder.nextIndex(), type, process, inv.f(), inv.key(), v, sim.now(), inv.node(), error));
  }

  /** A fault the scenario applied, drawn as a shaded interval in reports. */
  public void nemesis(String f, String value) {
    long t = sim.now();
    JsonNode v = value == null ? null : JSON.textNode(value);
    builder.add(new Op(builder.nextIndex(), OpType.INVOKE, Op.NEMESIS, f, null, v, t, null, null));
    builder.add(new Op(builder.nextIndex(), OpType.INFO, Op.NEMESIS, f, null, v, t, null, null));
  }

  public boolean isOpen(int process) {
    return open.containsKey(process);
  }

  /** The history so far; calls still open are left as invokes (the checker treats them as info). */
  public History build() {
    return builder.build();
  }
}
