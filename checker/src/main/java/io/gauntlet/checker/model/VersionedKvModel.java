package io.gauntlet.checker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.checker.history.Call;

/**
 * One key of the labs' versioned key/value server (kvsrv): {@code get} returns {@code {"value": s,
 * "version": n}} (value null and version 0 when absent); {@code put {"value": s, "version": n}}
 * succeeds only when the current version is {@code n}, and then sets the value and increments the
 * version. A put that returned {@code ErrVersion} is a {@code fail} (removed before checking); one
 * that returned {@code ErrMaybe} is {@code info}: it took effect (if the version matched) or not.
 */
public final class VersionedKvModel implements Model {
  /** The state of one key. */
  public record Versioned(String value, long version) {}

  @Override
  public String name() {
    return "versioned-kv";
  }

  @Override
  public Object initialState(JsonNode init) {
    if (init == null || init.isNull()) {
      return new Versioned(null, 0);
    }
    Versioned v = parse(init);
    if (v == null) {
      throw new IllegalArgumentException("--init for versioned-kv must be {\"value\": string or null,"
          + " \"version\": integer >= 0}, got " + init);
    }
    return v;
  }

  @Override
  public boolean isReadOnly(Call call) {
    return call.f().equals("get");
  }

  @Override
  public Transition transition(Call call) {
    switch (call.f()) {
      case "get": {
        if (call.isInfo()) {
          return null;
        }
        Versioned seen = parseOrThrow(call, call.completion().value(), "get result");
        return s -> seen.equals(s) ? s : null;
      }
      case "put": {
        Versioned arg = parseOrThrow(call, call.invoke().value(), "put value");
        Versioned next = new Versioned(arg.value(), arg.version() + 1);
        return s -> ((Versioned) s).version() == arg.version() ? next : null;
      }
      default:
        throw new ModelException(name(), call, "unknown f \"" + call.f() + "\" (expected get, put)");
    }
  }

  @Override
  public JsonNode stateJson(Object state) {
    Versioned v = (Versioned) state;
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("value", v.value());
    o.put("version", v.version());
    return o;
  }

  private Versioned parseOrThrow(Call call, JsonNode v, String what) {
    Versioned p = parse(v);
    if (p == null) {
      throw new ModelException(name(), call, what + " must be {\"value\": string or null, \"version\":"
          + " integer >= 0}, got " + v);
    }
    return p;
  }

  private static Versioned parse(JsonNode v) {
    if (v == null || !v.isObject()) {
      return null;
    }
    JsonNode value = v.get("value");
    JsonNode version = v.get("version");
    if (version == null || !version.canConvertToLong() || !version.isIntegralNumber()
        || version.longValue() < 0 || (value != null && !value.isNull() && !value.isTextual())) {
      return null;
    }
    return new Versioned(value == null || value.isNull() ? null : value.textValue(), version.longValue());
  }
}
