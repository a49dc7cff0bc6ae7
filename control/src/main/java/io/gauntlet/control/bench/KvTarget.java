package io.gauntlet.control.bench;

import java.util.concurrent.CompletableFuture;

/**
 * One system under benchmark, seen as {@code clients} independent closed-loop clients: client
 * {@code c} issues its next call only when its last one finished.
 */
interface KvTarget extends AutoCloseable {
  String name();

  /** Prepares {@code clients} clients (connections, sessions). */
  void clients(int clients) throws Exception;

  CompletableFuture<?> put(int client, String key, byte[] value);

  /** A linearizable read. */
  CompletableFuture<?> get(int client, String key);

  @Override
  void close();
}
