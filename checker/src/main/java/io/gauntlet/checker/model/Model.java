package io.gauntlet.checker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gauntlet.checker.history.Call;

/**
 * A sequential specification: what a single-copy object does, one call at a time. The
 * linearizability checker asks whether a concurrent history could have come from it.
 *
 * <p>To add a model, write one class implementing this interface and register its name in {@link
 * Models}. Rules a model must follow:
 *
 * <ul>
 *   <li>States are immutable values with {@code equals} and {@code hashCode} (records, strings,
 *       Jackson nodes). The checker interns them, so two equal states must be interchangeable.
 *   <li>{@link #transition} sees only calls that ended {@code ok} or {@code info} ({@code fail}
 *       calls are removed first). For {@code ok} the completion's value is the observed result, and
 *       the transition must refuse a state in which the result could not have been observed. For
 *       {@code info} the result is unknown: the transition is the effect the call has <em>if it
 *       took effect</em>; the checker itself covers "it never took effect", so a transition may
 *       refuse states where the call could not have succeeded.
 *   <li>A call that can never affect the verdict (an {@code info} read) may be dropped by returning
 *       null from {@link #transition}.
 * </ul>
 */
public interface Model {
  /** The name used by {@code --model}. */
  String name();

  /**
   * The initial state: the model's default when {@code init} is null, else the state the user
   * gave with {@code --init JSON}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code init}
   */
  Object initialState(JsonNode init);

  /**
   * Compiles one call into its effect (parsing its JSON once, before the search).
   *
   * @return the transition, or null if the call cannot affect linearizability
   * @throws ModelException if the call's f or values do not fit this model
   */
  Transition transition(Call call);

  /**
   * Whether the call never changes the state (a read): its transition returns either the state it
   * was given or null. The checker then linearizes it as soon as it matches the current state,
   * without trying orders that delay it, which is always safe for such calls. False by default.
   */
  default boolean isReadOnly(Call call) {
    return false;
  }

  /**
   * Whether the call can only extend the state (a kv append): with {@link #stillReadable} it lets
   * the checker prune states that no later read can observe. False by default.
   */
  default boolean onlyExtends(Call call) {
    return false;
  }

  /**
   * Whether the read-only call {@code read} (ok) could still observe its result after {@code
   * state} has been extended by calls for which {@link #onlyExtends} holds, any number of times.
   * The checker prunes a state when, for some pending read, neither it nor the state set by any
   * {@link #resetsTo resetting} call that may come first can still be read this way, and no other
   * kind of write may come first. True by default (no pruning); a model overriding it must also
   * override {@link #onlyExtends}.
   */
  default boolean stillReadable(Object state, Call read) {
    return true;
  }

  /**
   * The state after the call whatever the state before (a kv put sets the value), or null if the
   * call's effect depends on the state. Used with {@link #stillReadable}; null by default.
   */
  default Object resetsTo(Call call) {
    return null;
  }

  /** A state as JSON, for violation reports. */
  default JsonNode stateJson(Object state) {
    return state instanceof JsonNode j ? j : TextNode.valueOf(String.valueOf(state));
  }

  /** The effect of one call on a state. */
  @FunctionalInterface
  interface Transition {
    /** The state after the call, or null if the call could not have happened so in {@code state}. */
    Object apply(Object state);
  }
}
