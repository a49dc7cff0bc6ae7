package io.gauntlet.system.runtime;

/**
 * A node: event handlers over a {@link Runtime}. A runtime creates the node through a
 * {@link NodeFactory}, calls {@link #start()} once, then delivers messages one at a time on the
 * node's thread. A crash simply drops the object; a restart builds a new one from the factory over
 * the same durable storage.
 */
public interface Node {
  /** Called once, before any message: recover from durable state, arm timers. */
  void start();

  /** A message arrived from {@code from}. */
  void onMessage(String from, Message m);

  /** An orderly stop (not a crash): release what the node holds. Timers stop firing after it. */
  default void stop() {}
}
