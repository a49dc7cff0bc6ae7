package io.gauntlet.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;

/**
 * Records a history event by event, assigning dense indices and validating as it goes, and
 * completing each process's open invoke. Values are given as JSON text ({@code "42"}, {@code
 * "[1,2]"}, {@code "\"x\""}) or as nodes. Used by generators and tests to write histories that read
 * like the scenario: {@code r.invoke(1, "write", null, "3").ok(1, "3")}.
 */
public final class HistoryRecorder {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final History.Builder builder;
  private final Map<Integer, Op> open = new HashMap<>();
  private long clock;

  public HistoryRecorder(String source) {
    this.builder = History.builder(source);
  }

  public HistoryRecorder() {
    this("history");
  }

  /** Sets the time of the next event (ns); without it each event is 1 ns after the previous. */
  public HistoryRecorder at(long timeNanos) {
    clock = timeNanos - 1;
    return this;
  }

  public HistoryRecorder invoke(int process, String f, String key, String valueJson) {
    return invoke(process, f, key, json(valueJson));
  }

  public HistoryRecorder invoke(int process, String f, String key, JsonNode value) {
    Op op = Op.invoke(builder.nextIndex(), process, f, key, value, ++clock);
    builder.add(op);
    open.put(process, op);
    return this;
  }

  public HistoryRecorder ok(int process, String valueJson) {
    return complete(process, OpType.OK, json(valueJson), null);
  }

  public HistoryRecorder ok(int process, JsonNode value) {
    return complete(process, OpType.OK, value, null);
  }

  public HistoryRecorder fail(int process, String error) {
    Op inv = open.get(process);
    return complete(process, OpType.FAIL, inv == null ? null : inv.value(), error);
  }

  public HistoryRecorder info(int process, String error) {
    Op inv = open.get(process);
    return complete(process, OpType.INFO, inv == null ? null : inv.value(), error);
  }

  /** Completes the open invoke of {@code process}. */
  public HistoryRecorder complete(int process, OpType type, JsonNode value, String error) {
    Op inv = open.remove(process);
    if (inv == null) {
      throw new IllegalStateException("process " + process + " has no open invoke");
    }
    builder.add(new Op(builder.nextIndex(), type, process, inv.f(), inv.key(), value, ++clock,
        inv.node(), error));
    return this;
  }

  /** Whether {@code process} has a call outstanding. */
  public boolean isOpen(int process) {
    return open.containsKey(process);
  }

  public History build() {
    return builder.build();
  }

  /** Parses JSON text; null stays absent. */
  public static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + text, e);
    }
  }
}
