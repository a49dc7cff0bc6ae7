package io.gauntlet.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import us.bpsm.edn.Named;
import us.bpsm.edn.TaggedValue;

/**
 * EDN values (as edn-java parses them) as the JSON values our models compare: nil is null, vectors,
 * lists and sets are arrays, maps are objects whose keys are the keyword's name, keywords and
 * symbols are strings of their name ({@code :x} is {@code "x"}, {@code :a/b} is {@code "a/b"}),
 * tagged values are their value ({@code #jepsen.history.Op{...}} is the map), {@code #inst} an
 * ISO-8601 string.
 */
final class EdnValues {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private EdnValues() {}

  static JsonNode json(Object v) {
    if (v == null) {
      return JSON.nullNode();
    } else if (v instanceof String s) {
      return JSON.textNode(s);
    } else if (v instanceof Boolean b) {
      return JSON.booleanNode(b);
    } else if (v instanceof Long l) {
      return JSON.numberNode(l);
    } else if (v instanceof Integer i) {
      return JSON.numberNode(i);
    } else if (v instanceof BigInteger b) {
      return JSON.numberNode(b);
    } else if (v instanceof Double d) {
      return JSON.numberNode(d);
    } else if (v instanceof BigDecimal d) {
      return JSON.numberNode(d);
    } else if (v instanceof Named n) {
      return JSON.textNode(name(n));
    } else if (v instanceof TaggedValue t) {
      return json(t.getValue());
    } else if (v instanceof Map<?, ?> m) {
      ObjectNode o = JSON.objectNode();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        o.set(text(e.getKey()), json(e.getValue()));
      }
      return o;
    } else if (v instanceof Collection<?> c) {
      ArrayNode a = JSON.arrayNode(c.size());
      c.forEach(e -> a.add(json(e)));
      return a;
    } else if (v instanceof Date d) {
      return JSON.textNode(d.toInstant().toString());
    }
    return JSON.textNode(v.toString()); // characters, UUIDs
  }

  /** A key, process name, node or error as text: strings as they are, names without the colon. */
  static String text(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Named n) {
      return name(n);
    }
    if (v instanceof TaggedValue t) {
      return text(t.getValue());
    }
    return v == null ? "nil" : v instanceof Map || v instanceof Collection ? json(v).toString() : v.toString();
  }

  /** A keyword or symbol's name with its namespace: {@code :a/b} is {@code a/b}. */
  static String name(Named n) {
    return n.getPrefix().isEmpty() ? n.getName() : n.getPrefix() + "/" + n.getName();
  }

  /** How a value read from the file is shown in an error message: EDN-ish, strings quoted. */
  static String show(Object v) {
    if (v == null) {
      return "nil";
    }
    if (v instanceof String s) {
      return "\"" + s + "\"";
    }
    String s = v.toString();
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
