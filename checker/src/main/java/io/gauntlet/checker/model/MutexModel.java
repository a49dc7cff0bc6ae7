package io.gauntlet.checker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.gauntlet.checker.history.Call;

/**
 * A mutual-exclusion lock: {@code acquire} succeeds only when free, {@code release} only when held.
 * The state is whether the lock is held ({@code --init true} starts it held).
 */
public final class MutexModel implements Model {
  @Override
  public String name() {
    return "mutex";
  }

  @Override
  public Object initialState(JsonNode init) {
    if (init == null || init.isNull()) {
      return Boolean.FALSE;
    }
    if (!init.isBoolean()) {
      throw new IllegalArgumentException("--init for mutex must be true (held) or false (free), got " + init);
    }
    return init.booleanValue();
  }

  @Override
  public Transition transition(Call call) {
    return switch (call.f()) {
      case "acquire" -> s -> (Boolean) s ? null : Boolean.TRUE;
      case "release" -> s -> (Boolean) s ? Boolean.FALSE : null;
      default -> throw new ModelException(name(), call, "unknown f \"" + call.f()
          + "\" (expected acquire, release)");
    };
  }

  @Override
  public JsonNode stateJson(Object state) {
    return BooleanNode.valueOf((Boolean) state);
  }
}
