package io.gauntlet.checker.knossos;

import io.gauntlet.checker.model.Model;
import java.util.Map;

/**
 * Which Knossos model stands for one of ours, and how our functions are spelled for it.
 *
 * @param constructor the var in {@code knossos.model} that builds the initial model, called with
 *     {@link #initEdn} as its one argument
 * @param initEdn the initial state as EDN
 * @param renames our f -> Knossos's f (kv's get/put are a register's read/write)
 * @param readF the function whose ok result is compared (Knossos reads nil as "any value", so a
 *     read of JSON null is sent as {@link KnossosHistory#NIL})
 * @param nullAs what JSON null means as a value (kv: the empty string), or null for {@link
 *     KnossosHistory#NIL}
 * @param valued whether calls carry values at all (a mutex's do not)
 */
record KnossosModel(String constructor, String initEdn, Map<String, String> renames, String readF,
    String nullAs, boolean valued) {

  /**
   * The Knossos model for {@code model} starting from {@code initialState} (as our model built it).
   *
   * @throws IllegalArgumentException for a model Knossos does not have
   */
  static KnossosModel of(Model model, Object initialState) {
    return switch (model.name()) {
      case "register" -> new KnossosModel("register", KnossosHistory.edn(initialState, null),
          Map.of(), "read", null, true);
      case "cas-register" -> new KnossosModel("cas-register", KnossosHistory.edn(initialState, null),
          Map.of(), "read", null, true);
      case "kv" -> new KnossosModel("register", KnossosHistory.edn(initialState, ""),
          Map.of("get", "read", "put", "write"), "get", "", true);
      case "mutex" -> new KnossosModel("->Mutex", Boolean.TRUE.equals(initialState) ? "true" : "false",
          Map.of(), null, null, false);
      default -> throw new IllegalArgumentException("Knossos has no model for " + model.name()
          + " (it has register, cas-register, mutex; kv maps to a register per key when it has no"
          + " append); use --checker wgl");
    };
  }
}
