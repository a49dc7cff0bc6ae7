package io.gauntlet.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.checker.history.Call;

/**
 * One call as a violation report shows it: a bar from invoke to completion on its process's lane.
 *
 * @param process the client process
 * @param f the function
 * @param key the key, or null
 * @param outcome "ok" or "info" (fail calls never take part)
 * @param invokeIndex history index of the invoke
 * @param completionIndex history index of the completion, or -1 if it never completed
 * @param invokeTime time of the invoke (ns)
 * @param completionTime time of the completion (ns), or -1 if it never completed
 * @param argument the invoke's value (JSON null if absent)
 * @param result the completion's value (JSON null if absent or never completed)
 */
public record OpView(
    int process,
    String f,
    String key,
    String outcome,
    long invokeIndex,
    long completionIndex,
    long invokeTime,
    long completionTime,
    JsonNode argument,
    JsonNode result) {

  static OpView of(Call c) {
    boolean done = c.completion() != null;
    return new OpView(c.process(), c.f(), c.key(), c.outcome().json(), c.invoke().index(),
        done ? c.completion().index() : -1, c.invoke().time(), done ? c.completion().time() : -1,
        c.invoke().valueOrNull(), done ? c.completion().valueOrNull() : JsonNodeFactory.instance.nullNode());
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("process", process);
    o.put("f", f);
    if (key != null) {
      o.put("key", key);
    }
    o.put("outcome", outcome);
    o.put("invokeIndex", invokeIndex);
    o.put("completionIndex", completionIndex);
    o.put("invokeTime", invokeTime);
    o.put("completionTime", completionTime);
    o.set("argument", argument);
    o.set("result", result);
    return o;
  }
}
