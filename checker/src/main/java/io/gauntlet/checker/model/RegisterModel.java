package io.gauntlet.checker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gauntlet.checker.history.Call;

/**
 * A read/write register holding any JSON value (null until written), and with {@code cas} enabled
 * the compare-and-set register: {@code cas [old, new]} sets {@code new} if the value equals {@code
 * old}. States are Jackson nodes; numbers compare by value (1 equals 1.0). An ok read with no value
 * (no {@code "value"} field; from EDN, Knossos's ok read of nil) saw no known value and matches
 * any state, as in Knossos's register models; a read of JSON null saw the never-written register.
 */
public final class RegisterModel implements Model {
  private final boolean cas;

  public RegisterModel(boolean cas) {
    this.cas = cas;
  }

  @Override
  public String name() {
    return cas ? "cas-register" : "register";
  }

  @Override
  public Object initialState(JsonNode init) {
    return Values.canonical(init == null ? NullNode.instance : init);
  }

  @Override
  public boolean isReadOnly(Call call) {
    return call.f().equals("read");
  }

  @Override
  public Transition transition(Call call) {
    switch (call.f()) {
      case "read":
        if (call.isInfo() || call.completion().value() == null) {
          return null; // it matches every state and changes none: it cannot affect the verdict
        }
        JsonNode seen = Values.canonical(call.completion().valueOrNull());
        return s -> seen.equals(s) ? s : null;
      case "write":
        JsonNode v = Values.canonical(call.invoke().valueOrNull());
        return s -> v;
      case "cas":
        if (!cas) {
          break;
        }
        JsonNode pair = call.invoke().valueOrNull();
        if (!pair.isArray() || pair.size() != 2) {
          throw new ModelException(name(), call, "cas value must be [old, new], got " + pair);
        }
        JsonNode old = Values.canonical(pair.get(0));
        JsonNode neu = Values.canonical(pair.get(1));
        return s -> old.equals(s) ? neu : null;
      default:
        break;
    }
    throw new ModelException(name(), call, "unknown f \"" + call.f() + "\" (expected read, write"
        + (cas ? ", cas)" : ")"));
  }
}
