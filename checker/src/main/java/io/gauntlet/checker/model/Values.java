package io.gauntlet.checker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;

/** Canonical JSON values, so that equal values are {@code equals} whatever their number type. */
final class Values {
  private Values() {}

  /**
   * Integral numbers become IntNode or LongNode by magnitude, other numbers DecimalNode with
   * stripped zeros; containers are rebuilt recursively only when they hold numbers that change.
   */
  static JsonNode canonical(JsonNode v) {
    if (v == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (v.isInt() || v.isTextual() || v.isNull() || v.isBoolean()) {
      return v; // the common cases are already canonical
    }
    if (v.isLong()) {
      long l = v.longValue();
      return l == (int) l ? IntNode.valueOf((int) l) : v;
    }
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue().stripTrailingZeros();
      if (d.scale() <= 0) {
        try {
          long l = d.longValueExact();
          return l == (int) l ? IntNode.valueOf((int) l) : LongNode.valueOf(l);
        } catch (ArithmeticException tooBig) {
          return DecimalNode.valueOf(d);
        }
      }
      return DecimalNode.valueOf(d);
    }
    if (v.isArray()) {
      var a = JsonNodeFactory.instance.arrayNode(v.size());
      v.forEach(e -> a.add(canonical(e)));
      return a;
    }
    if (v.isObject()) {
      var o = JsonNodeFactory.instance.objectNode();
      v.fields().forEachRemaining(e -> o.set(e.getKey(), canonical(e.getValue())));
      return o;
    }
    return v;
  }

  /** A string value: JSON strings as-is, null as {@code nullAs}; anything else is not a string. */
  static String string(JsonNode v, String nullAs) {
    if (v == null || v.isNull()) {
      return nullAs;
    }
    return v.isTextual() ? v.textValue() : null;
  }
}
