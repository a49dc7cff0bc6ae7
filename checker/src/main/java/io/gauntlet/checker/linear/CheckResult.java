package io.gauntlet.checker.linear;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The outcome of checking one history.
 *
 * @param verdict valid, invalid or unknown (invalid if any key is invalid, else unknown if any is)
 * @param cause why the verdict is unknown (time or memory budget), else null
 * @param checker the back-end's name ("wgl")
 * @param model the model's name
 * @param ops client calls in the history (ok, fail and info; not the nemesis)
 * @param millis wall-clock time of the check, excluding reading the file
 * @param keys each key's verdict, in order of first appearance
 * @param violation the first invalid key's explanation, or null
 */
public record CheckResult(
    Verdict verdict,
    String cause,
    String checker,
    String model,
    long ops,
    long millis,
    List<KeyResult> keys,
    Violation violation) {

  /**
   * One key's outcome.
   *
   * @param key the key (null for single-object histories)
   * @param verdict the key's verdict
   * @param cause why unknown, else null
   * @param calls the calls searched (fail calls and info reads dropped)
   * @param configurations cache entries the search created
   */
  public record KeyResult(String key, Verdict verdict, String cause, int calls, long configurations) {}

  /** The linearizability entry of results.json. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("valid", verdict.json());
    o.put("checker", checker);
    o.put("model", model);
    if (cause != null) {
      o.put("cause", cause);
    }
    o.put("ops", ops);
    o.put("millis", millis);
    ArrayNode ks = o.putArray("keys");
    for (KeyResult k : keys) {
      ObjectNode ko = ks.addObject();
      ko.put("key", k.key());
      ko.set("valid", k.verdict().json());
      if (k.cause() != null) {
        ko.put("cause", k.cause());
      }
      ko.put("calls", k.calls());
      ko.put("configurations", k.configurations());
    }
    if (violation != null) {
      o.set("violation", violation.toJson());
    }
    return o;
  }
}
