package io.gauntlet.checker.knossos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.EdnWriter;
import io.gauntlet.checker.history.Op;
import io.gauntlet.checker.history.OpType;
import io.gauntlet.checker.model.ModelException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * One key's calls as a Knossos history in EDN: a vector of op maps written by {@link EdnWriter},
 * indices renumbered densely from 0, the key dropped (we split keys ourselves), and each op tagged
 * {@code :gauntlet/call N} (N = the call's position in {@link #calls}) so that the op Knossos
 * reports maps back to our call whatever Knossos re-indexes. Values differ from the JSON in two
 * ways, so that Knossos decides what our models decide:
 *
 * <ul>
 *   <li>Knossos's register treats a read of nil as "value unknown" (it matches anything), while
 *       our read of null means "never written". A JSON null value is therefore sent as the keyword
 *       {@link #NIL}, in the initial state as in every call; a read invoke carries no value.
 *   <li>Clojure's {@code =} tells 1 from 1.0, our models do not: integral numbers are sent as
 *       integers.
 * </ul>
 */
final class KnossosHistory {
  /** How JSON null is spelled to Knossos. */
  static final String NIL = ":gauntlet/nil";
  /** A string no history holds, turned into {@link #NIL} after EdnWriter has written it. */
  private static final String MARK = "gauntlet-nil-" + UUID.randomUUID();
  private static final String MARK_EDN = "\"" + MARK + "\"";

  private final List<Call> calls;
  private final String edn;

  private KnossosHistory(List<Call> calls, String edn) {
    this.calls = calls;
    this.edn = edn;
  }

  /** The calls in the order their numbers refer to (invoke order). */
  List<Call> calls() {
    return calls;
  }

  /** The history as an EDN vector. */
  String edn() {
    return edn;
  }

  /**
   * Converts one key's calls (client calls only, in invoke order).
   *
   * @throws ModelException if a call's f is not one the model knows
   */
  static KnossosHistory of(List<Call> keyCalls, KnossosModel model, String modelName) {
    List<Call> calls = List.copyOf(keyCalls);
    // the events of these calls, in history order
    record Event(Op op, int call) {}
    List<Event> events = new ArrayList<>(calls.size() * 2);
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      check(c, model, modelName);
      events.add(new Event(c.invoke(), i));
      if (c.completion() != null) {
        events.add(new Event(c.completion(), i));
      }
    }
    events.sort(Comparator.comparingLong(e -> e.op().index()));
    StringBuilder sb = new StringBuilder(events.size() * 96 + 2).append("[\n");
    long index = 0;
    for (Event e : events) {
      Op op = e.op();
      String f = model.renames().getOrDefault(op.f(), op.f());
      JsonNode v = value(op, calls.get(e.call()), model);
      Op out = new Op(index++, op.type(), op.process(), f, null, v, op.time(), null, null);
      String map = EdnWriter.op(out, false).replace(MARK_EDN, NIL);
      sb.append(map, 0, map.length() - 1).append(", :gauntlet/call ").append(e.call()).append("}\n");
    }
    return new KnossosHistory(calls, sb.append(']').toString());
  }

  private static void check(Call c, KnossosModel model, String modelName) {
    String f = c.f();
    boolean known = switch (modelName) {
      case "register" -> f.equals("read") || f.equals("write");
      case "cas-register" -> f.equals("read") || f.equals("write") || f.equals("cas");
      case "kv" -> f.equals("get") || f.equals("put");
      case "mutex" -> f.equals("acquire") || f.equals("release");
      default -> false;
    };
    if (!known) {
      throw new ModelException(modelName, c, "unknown f \"" + f + "\" for the Knossos back-end"
          + (f.equals("append") ? " (Knossos has no append model; use --checker wgl)" : ""));
    }
  }

  /**
   * The value Knossos should see on this event, or null for none. A read's ok carries the value
   * read (Knossos copies it onto the invoke); any other call carries its argument on both events,
   * as our models use only the argument (and Knossos would copy an ok's differing value).
   */
  private static JsonNode value(Op op, Call call, KnossosModel model) {
    if (!model.valued()) {
      return null;
    }
    if (op.f().equals(model.readF())) {
      // the argument of a read, or the result of one that did not answer: unknown (nil)
      // (a register's ok read without a value saw no known value: Knossos spells that nil too)
      boolean unknown = op.type() != OpType.OK || op.value() == null && op.f().equals("read");
      return unknown ? null : canonical(op.valueOrNull(), model.nullAs());
    }
    return canonical(call.invoke().valueOrNull(), model.nullAs());
  }

  /** An initial state (a JSON value or a kv string) as EDN. */
  static String edn(Object state, String nullAs) {
    JsonNode v = state instanceof JsonNode j ? j : state == null ? null : TextNode.valueOf(state.toString());
    return EdnWriter.value(canonical(v == null ? JsonNodeFactory.instance.nullNode() : v, nullAs))
        .replace(MARK_EDN, NIL);
  }

  /** Nulls to {@code nullAs} (or the mark), integral numbers to integers, recursively. */
  static JsonNode canonical(JsonNode v, String nullAs) {
    if (v == null || v.isNull()) {
      return TextNode.valueOf(nullAs != null ? nullAs : MARK);
    }
    if (v.isNumber() && !v.isIntegralNumber()) {
      BigDecimal d = v.decimalValue().stripTrailingZeros();
      return d.scale() <= 0 ? BigIntegerNode.valueOf(d.toBigIntegerExact()) : v;
    }
    if (v.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode(v.size());
      v.forEach(e -> a.add(canonical(e, nullAs)));
      return a;
    }
    if (v.isObject()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      v.fields().forEachRemaining(e -> o.set(e.getKey(), canonical(e.getValue(), nullAs)));
      return o;
    }
    return v;
  }
}
