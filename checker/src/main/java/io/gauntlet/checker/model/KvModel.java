package io.gauntlet.checker.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.gauntlet.checker.history.Call;

/**
 * One key of a string key/value store (the checker splits multi-key histories per key): {@code
 * get} returns the value ({@code ""} when absent), {@code put v} replaces it, {@code append v}
 * appends. The state is the string itself.
 */
public final class KvModel implements Model {
  @Override
  public String name() {
    return "kv";
  }

  @Override
  public Object initialState(JsonNode init) {
    if (init == null) {
      return "";
    }
    String s = Values.string(init, "");
    if (s == null) {
      throw new IllegalArgumentException("--init for kv must be a JSON string, got " + init);
    }
    return s;
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
    return seen != null && seen.startsWith((String) state);
  }

  @Override
  public Object resetsTo(Call call) {
    return call.f().equals("put") ? Values.string(call.invoke().value(), "") : null;
  }

  @Override
  public Transition transition(Call call) {
    switch (call.f()) {
      case "get": {
        if (call.isInfo()) {
          return null;
        }
        String seen = string(call, call.completion().value(), "get result");
        return s -> seen.equals(s) ? s : null;
      }
      case "put": {
        String v = string(call, call.invoke().value(), "put value");
        return s -> v;
      }
      case "append": {
        String v = string(call, call.invoke().value(), "append value");
        return s -> ((String) s).concat(v);
      }
      default:
        throw new ModelException(name(), call, "unknown f \"" + call.f() + "\" (expected get, put, append)");
    }
  }

  private String string(Call call, JsonNode v, String what) {
    String s = Values.string(v, "");
    if (s == null) {
      throw new ModelException(name(), call, what + " must be a string, got " + v);
    }
    return s;
  }
}
