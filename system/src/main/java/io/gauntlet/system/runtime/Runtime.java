package io.gauntlet.system.runtime;

import java.util.random.RandomGenerator;

/**
 * Everything a node may touch in the world. Node logic (Raft peers, services, clerks, the MapReduce
 * coordinator) is single-threaded event handlers over this interface and never calls
 * {@code Thread.sleep}, wall clocks, sockets or files directly. That is what lets the same code run
 * in the deterministic simulator ({@code SimRuntime}) and as a real process ({@code NetRuntime}).
 *
 * <p>All callbacks (message delivery, timers, sync completions) run on the node's one thread.
 */
public interface Runtime {
  /** This node's id, as other nodes address it. */
  String self();

  /** The runtime's monotonic clock, in nanoseconds. Virtual in simulation. */
  long nowNanos();

  /** The node's random source; seeded (and so reproducible) in simulation. */
  RandomGenerator random();

  /**
   * Sends a message. Fire and forget: it may be lost, delayed, reordered or duplicated, and a send
   * to an unknown or unreachable node is silently dropped (as a real network would).
   */
  void send(String to, Message m);

  /** Runs {@code task} on the node's thread after {@code delayNanos}, unless cancelled first. */
  Cancellable schedule(long delayNanos, Runnable task);

  /** The node's durable storage (log, named blobs), or a store that refuses use if it has none. */
  Durable durable();
}
