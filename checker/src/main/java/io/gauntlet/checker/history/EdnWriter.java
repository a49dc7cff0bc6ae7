package io.gauntlet.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Exports a history as Knossos/Jepsen EDN ({@code history.edn}): one op map per line, e.g.
 * {@code {:index 0, :type :invoke, :process 3, :f :write, :value 42, :time 1034567}}. Types and
 * {@code f} become keywords, the nemesis process {@code :nemesis}. With {@code keyed} true, an op
 * with a key carries its value as a jepsen.independent tuple {@code [key value]}, which is how
 * Jepsen's independent checker splits multi-key histories. JSON objects become maps with keyword
 * keys when the key is a valid keyword, string keys otherwise.
 *
 * <p>Reads: Knossos reads an ok {@code :read} of nil as "saw no known value" (it matches any
 * state), while our read of JSON null saw the never-written register. Such a read is written as
 * nil with {@code :gauntlet/null true}, which Jepsen's tools ignore and {@link EdnHistoryReader}
 * honours, so {@code edn} then {@code check} gives the JSONL's verdict. (Knossos itself, lacking a
 * "never written" value, may then call valid what our register calls invalid, never the reverse.)
 */
public final class EdnWriter {
  private static final Pattern KEYWORD = Pattern.compile("[A-Za-z*+!_?<>=-][A-Za-z0-9*+!_?<>=.-]*");

  private EdnWriter() {}

  /** Writes every event of {@code ops}, one map per line. */
  public static void write(Iterable<Op> ops, Writer out, boolean keyed) throws IOException {
    for (Op op : ops) {
      out.write(op(op, keyed));
      out.write('\n');
    }
    out.flush();
  }

  /** One event as an EDN map. */
  public static String op(Op op, boolean keyed) {
    StringBuilder sb = new StringBuilder(96);
    sb.append("{:index ").append(op.index());
    sb.append(", :type :").append(op.type().json());
    sb.append(", :process ").append(op.isNemesis() ? ":nemesis" : Integer.toString(op.process()));
    sb.append(", :f ");
    keywordOrString(op.f(), sb);
    if (keyed && op.key() != null) {
      sb.append(", :value [");
      string(op.key(), sb);
      sb.append(' ');
      value(op.value(), sb);
      sb.append(']');
    } else {
      if (op.key() != null) {
        sb.append(", :key ");
        string(op.key(), sb);
      }
      if (op.value() != null) {
        sb.append(", :value ");
        value(op.value(), sb);
      }
    }
    if (op.type() == OpType.OK && op.f().equals("read") && op.value() != null && op.value().isNull()) {
      sb.append(", :gauntlet/null true");
    }
    sb.append(", :time ").append(op.time());
    if (op.node() != null) {
      sb.append(", :node ");
      string(op.node(), sb);
    }
    if (op.error() != null) {
      sb.append(", :error ");
      string(op.error(), sb);
    }
    return sb.append('}').toString();
  }

  /** A JSON value as EDN: null -> nil, arrays -> vectors, objects -> maps. */
  public static String value(JsonNode v) {
    StringBuilder sb = new StringBuilder();
    value(v, sb);
    return sb.toString();
  }

  private static void value(JsonNode v, StringBuilder sb) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      sb.append("nil");
    } else if (v.isTextual()) {
      string(v.textValue(), sb);
    } else if (v.isBoolean()) {
      sb.append(v.booleanValue());
    } else if (v.isIntegralNumber()) {
      sb.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      sb.append(v.doubleValue());
    } else if (v.isArray()) {
      sb.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        value(v.get(i), sb);
      }
      sb.append(']');
    } else {
      sb.append('{');
      boolean first = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!first) {
          sb.append(", ");
        }
        first = false;
        keywordOrString(e.getKey(), sb);
        sb.append(' ');
        value(e.getValue(), sb);
      }
      sb.append('}');
    }
  }

  private static void keywordOrString(String s, StringBuilder sb) {
    if (KEYWORD.matcher(s).matches()) {
      sb.append(':').append(s);
    } else {
      string(s, sb);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
