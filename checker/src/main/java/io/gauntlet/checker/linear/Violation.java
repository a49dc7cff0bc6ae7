package io.gauntlet.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Why a key's history is not linearizable, as plain data for results.json and for drawing
 * {@code linear.html}: the deepest point the search reached, the call it could not place there,
 * and the calls around it.
 *
 * @param key the key (null for a single-object history)
 * @param culprit the ok call that could not be linearized after the longest prefix (its return
 *     came while no order of the calls before it could explain its result)
 * @param prefix the longest linearizable prefix found, in linearization order
 * @param prefixStates the possible model states after that prefix (at most 16)
 * @param window the calls concurrent with the culprit (overlapping its invoke..completion),
 *     in invoke order, the culprit included
 */
public record Violation(
    String key, OpView culprit, List<OpView> prefix, List<JsonNode> prefixStates, List<OpView> window) {

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (key != null) {
      o.put("key", key);
    } else {
      o.putNull("key");
    }
    o.set("culprit", culprit == null ? JsonNodeFactory.instance.nullNode() : culprit.toJson());
    ArrayNode p = o.putArray("prefix");
    prefix.forEach(v -> p.add(v.toJson()));
    ArrayNode s = o.putArray("prefixStates");
    prefixStates.forEach(s::add);
    ArrayNode w = o.putArray("window");
    window.forEach(v -> w.add(v.toJson()));
    return o;
  }
}
