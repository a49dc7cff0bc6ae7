package io.gauntlet.checker.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The models known by name to {@code --model}. Add a model here with one line. */
public final class Models {
  private static final Map<String, Supplier<Model>> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("register", () -> new RegisterModel(false));
    MODELS.put("cas-register", () -> new RegisterModel(true));
    MODELS.put("kv", KvModel::new);
    MODELS.put("versioned-kv", VersionedKvModel::new);
    MODELS.put("mutex", MutexModel::new);
  }

  private Models() {}

  /** The model called {@code name}; throws IllegalArgumentException listing the known names. */
  public static Model byName(String name) {
    Supplier<Model> s = MODELS.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown model \"" + name + "\" (known: "
          + String.join(", ", names()) + ")");
    }
    return s.get();
  }

  /**
   * Guesses the model from the functions a history uses, for {@code check} without {@code --model}:
   * acquire/release -> mutex; cas -> cas-register; read/write -> register; get/put/append -> kv,
   * or versioned-kv when puts carry {"value", "version"} objects. Returns null when nothing fits.
   */
  public static String infer(io.gauntlet.checker.history.History history) {
    java.util.Set<String> fs = new java.util.HashSet<>();
    boolean versioned = false;
    for (io.gauntlet.checker.history.Op op : history) {
      if (op.isNemesis()) {
        continue;
      }
      fs.add(op.f());
      if (op.value() != null && op.value().isObject() && op.value().has("version")) {
        versioned = true;
      }
    }
    if (fs.contains("acquire") || fs.contains("release")) {
      return "mutex";
    }
    if (fs.contains("cas")) {
      return "cas-register";
    }
    if (fs.contains("read") || fs.contains("write")) {
      return "register";
    }
    if (fs.contains("get") || fs.contains("put") || fs.contains("append")) {
      return versioned ? "versioned-kv" : "kv";
    }
    return fs.isEmpty() ? "register" : null; // every model accepts a history with no calls
  }

  public static List<String> names() {
    return List.copyOf(MODELS.keySet());
  }
}
