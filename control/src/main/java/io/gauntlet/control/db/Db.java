package io.gauntlet.control.db;

import io.gauntlet.control.cluster.NodeProcesses;
import io.gauntlet.nemesis.ShardAdmin;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.node.StateDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system under test as the test bed drives it: one server process per node, started, killed
 * (-9), paused and resumed by pid on its host, plus clients bound to a node. {@link GauntletDb}:
 * Gauntlet's own kvraft nodes; {@link EtcdDb}: etcd members. {@link #close()} kills every process
 * it started, and only those.
 */
public interface Db extends AutoCloseable {
  /** {@code gauntlet} or {@code etcd}. */
  String name();

  List<String> ids();

  /** Starts every node and waits until the cluster serves a write. */
  void startAll() throws IOException, InterruptedException;

  /** Starts (or restarts, data kept) one node and waits until it listens. */
  void start(String id) throws IOException, InterruptedException;

  /** The server processes, by node id. */
  NodeProcesses processes();

  /** kill -9, and wait until the process is gone. */
  default void kill(String id) throws IOException, InterruptedException {
    processes().kill(id);
  }

  /** SIGTERM (an orderly stop); the exit status. */
  default int stop(String id) throws IOException, InterruptedException {
    return processes().stop(id);
  }

  default void pause(String id) throws IOException {
    processes().pause(id);
  }

  default void resume(String id) throws IOException {
    processes().resume(id);
  }

  default boolean isRunning(String id) {
    return processes().isRunning(id);
  }

  /** The leader as the nodes that answer within a short timeout report it (highest term wins). */
  Optional<String> leader();

  /**
   * A workload client bound to node {@code home}, as Jepsen binds a client to a node: its reads go
   * there; its writes too when {@code homeWrites} (etcd clients always talk to their node only).
   */
  KvClient client(String home, boolean homeWrites);

  /** A client for the final reads after the faults are healed: any node, patient. */
  KvClient finalClient();

  /** The shard controller's operations, for a sharded cluster. */
  default Optional<ShardAdmin> shards() {
    return Optional.empty();
  }

  /** A local copy of the node's log. */
  Path log(String id);

  /** A local copy of the node's console output (null if the log is all there is). */
  Path console(String id);

  /**
   * Each answering node's state digest at its applied index, for comparing replicas (empty: the
   * system offers none).
   */
  default Map<String, StateDigest> digests() {
    return Map.of();
  }

  /** A local copy of the node's raft journal (null: the system keeps none). */
  default Path journal(String id) {
    return null;
  }

  @Override
  void close();
}
