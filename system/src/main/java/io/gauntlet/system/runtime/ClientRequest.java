package io.gauntlet.system.runtime;

/**
 * A request a client waits on. A node too overloaded to queue it does not drop it silently: the
 * runtime answers at once with {@link #overloaded()}, so the client backs off and tries elsewhere
 * instead of waiting out its retry timer. Messages between servers (Raft's) are not client
 * requests: their senders retry on their own, and answering them would only add load.
 */
public interface ClientRequest extends Message {
  /** The answer "not taken, this server is overloaded": the request was neither queued nor applied. */
  Message overloaded();
}
