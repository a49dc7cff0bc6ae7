package io.gauntlet.checker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gauntlet.checker.history.Call;

/**
 * One key of a string key/value store (the checker splits multi-key histories per key): {@code
 * get} returns the value ({@code ""} when absent), {@code put v} replaces it, {@code append v}
 * appends. The state is a {@link Value}: the string with its hash kept up to date as it grows.
 */
public final class KvModel implements Model {
  /**
   * A kv state. Appends make long strings; their hash is extended in O(|appended|) (String's own
   * polynomial hash, so it equals {@code value.hashCode()}) instead of rehashing the whole string
   * each time the checker interns a new state.
   */
  public static final class Value {
    private final String value;
    private final int hash;

    Value(String value, int hash) {
      this.value = value;
      this.hash = hash;
    }

    static Value of(String s) {
      return new Value(s, s.hashCode());
    }

    Value append(String suffix, int suffixHash, int multiplier) {
      return new Value(value.concat(suffix), hash * multiplier + suffixHash);
    }

    public String value() {
      return value;
    }

    public int length() {
      return value.length();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Value v && v.hash == hash && v.value.equals(value);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return value;
    }
  }

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public Object initialState(JsonNode init) {
    if (init == null) {
      return Value.of("");
    }
    String s = Values.string(init, "");
    if (s == null) {
      throw new IllegalArgumentException("--init for kv must be a JSON string, got " + init);
    }
    return Value.of(s);
  }

  @Override
  public boolean isReadOnly(Call call) {
    return call.f().equals("get");
  }

  @Override
  public boolean onlyExtends(Call call) {
    return call.f().equals("append");
  }

  /** Appends only lengthen the string, so a later get must see the current value as a prefix. */
  @Override
  public boolean stillReadable(Object state, Call read) {
    String seen = Values.string(read.completion().value(), "");
    return seen != null && seen.startsWith(((Value) state).value);
  }

  @Override
  public Object resetsTo(Call call) {
    return call.f().equals("put") ? Value.of(Values.string(call.invoke().value(), "")) : null;
  }

  @Override
  public Transition transition(Call call) {
    switch (call.f()) {
      case "get": {
        if (call.isInfo()) {
          return null;
        }
        Value seen = Value.of(string(call, call.completion().value(), "get result"));
        return s -> seen.equals(s) ? s : null;
      }
      case "put": {
        Value v = Value.of(string(call, call.invoke().value(), "put value"));
        return s -> v;
      }
      case "append": {
        String v = string(call, call.invoke().value(), "append value");
        int multiplier = 1;
        for (int i = 0; i < v.length(); i++) {
          multiplier *= 31;
        }
        int suffixHash = v.hashCode();
        int m = multiplier;
        return s -> ((Value) s).append(v, suffixHash, m);
      }
      default:
        throw new ModelException(name(), call, "unknown f \"" + call.f() + "\" (expected get, put, append)");
    }
  }

  @Override
  public JsonNode stateJson(Object state) {
    return TextNode.valueOf(((Value) state).value);
  }

  private String string(Call call, JsonNode v, String what) {
    String s = Values.string(v, "");
    if (s == null) {
      throw new ModelException(name(), call, what + " must be a string, got " + v);
    }
    return s;
  }
}
