package io.gauntlet.system.net;

import io.gauntlet.system.runtime.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of message types a transport may carry: each frame names its body's type by a
 * registered name, and only registered classes are ever instantiated from the wire (a frame naming
 * anything else is malformed). Names are short so frames stay small.
 */
public final class MessageTypes {
  private final Map<String, Class<? extends Message>> byName = new ConcurrentHashMap<>();
  private final Map<Class<?>, String> byClass = new ConcurrentHashMap<>();

  public MessageTypes() {
    register("gauntlet.RemoteError", RemoteError.class);
  }

  /** Registers {@code type} under {@code name}; both must be new (or the same pair again). */
  public MessageTypes register(String name, Class<? extends Message> type) {
    Class<? extends Message> old = byName.putIfAbsent(name, type);
    if (old != null && old != type) {
      throw new IllegalArgumentException(
          "message type name '" + name + "' already registered for " + old.getName());
    }
    String oldName = byClass.putIfAbsent(type, name);
    if (oldName != null && !oldName.equals(name)) {
      throw new IllegalArgumentException(type.getName() + " already registered as '" + oldName + "'");
    }
    return this;
  }

  /** Registers {@code type} under its simple class name. */
  public MessageTypes register(Class<? extends Message> type) {
    return register(type.getSimpleName(), type);
  }

  String nameOf(Class<?> type) {
    String name = byClass.get(type);
    if (name == null) {
      throw new IllegalArgumentException(
          "message type " + type.getName() + " is not registered with the transport's MessageTypes");
    }
    return name;
  }

  Class<? extends Message> typeOf(String name) {
    return byName.get(name);
  }
}
