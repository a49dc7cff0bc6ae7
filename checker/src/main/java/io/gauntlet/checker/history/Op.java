package io.gauntlet.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One line of {@code history.jsonl}: an event of Jepsen's operation model.
 *
 * @param index position in the history, 0-based and dense
 * @param type invoke, ok, fail or info
 * @param process the client process, or {@link #NEMESIS} for the nemesis
 * @param f the function ({@code read}, {@code write}, {@code cas}, {@code get}, ...)
 * @param key the key of a multi-key workload, or null when absent
 * @param value argument (invoke) or result (ok); null when the field is absent (a JSON
 *     {@code null} is kept as {@link NullNode})
 * @param time nanoseconds since the start of the test, monotonic
 * @param node the node the client talked to, or null
 * @param error why a fail/info happened, or null
 */
public record Op(
    long index,
    OpType type,
    int process,
    String f,
    String key,
    JsonNode value,
    long time,
    String node,
    String error) {

  /** The process number that stands for {@code "process": "nemesis"}. */
  public static final int NEMESIS = -1;

  public boolean isNemesis() {
    return process == NEMESIS;
  }

  public boolean isInvoke() {
    return type == OpType.INVOKE;
  }

  /** The value, with an absent field read as JSON null (never returns Java null). */
  public JsonNode valueOrNull() {
    return value == null ? NullNode.instance : value;
  }

  /** The process as written in history files: a number, or {@code nemesis}. */
  public String processName() {
    return isNemesis() ? "nemesis" : Integer.toString(process);
  }

  /** A copy with another index (used when assembling histories). */
  public Op withIndex(long newIndex) {
    return new Op(newIndex, type, process, f, key, value, time, node, error);
  }

  /** A copy with another type (e.g. to turn an ok into an info). */
  public Op withType(OpType newType) {
    return new Op(index, newType, process, f, key, value, time, node, error);
  }

  /** A copy with another value. */
  public Op withValue(JsonNode newValue) {
    return new Op(index, type, process, f, key, newValue, time, node, error);
  }

  /** An invoke of a client process (time in nanoseconds). */
  public static Op invoke(long index, int process, String f, String key, JsonNode value, long time) {
    return new Op(index, OpType.INVOKE, process, f, key, value, time, null, null);
  }

  /** A completion of {@code invoke} with the given type and value. */
  public static Op complete(long index, Op invoke, OpType type, JsonNode value, long time) {
    return new Op(index, type, invoke.process, invoke.f, invoke.key, value, time, invoke.node, null);
  }
}
