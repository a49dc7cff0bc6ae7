package io.gauntlet.control.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a cluster's node processes are placed and started on their hosts: files copied there, the
 * JVM started there, logs read back. {@link LocalRunner}: this machine (plain or in a namespace);
 * {@link SshRunner}: over SSH.
 */
public interface NodeRunner extends AutoCloseable {
  /** The folder on {@code node}'s host holding this run's files (cluster files, data, logs). */
  String runDir(String node);

  /** Copies {@code local} to {@code remote} on the node's host (nothing if they are the same file). */
  void put(String node, Path local, String remote) throws IOException;

  /** The text of {@code remote} on the node's host; "" if it does not exist. */
  String read(String node, String remote) throws IOException;

  /** Copies {@code remote} from the node's host to {@code local} (nothing if it does not exist). */
  void get(String node, String remote, Path local) throws IOException;

  /** Deletes {@code remote} (a folder, recursively) on the node's host. */
  void delete(String node, String remote) throws IOException;

  /** Starts {@code gauntlet CLI-ARGS} in a JVM on the node's host, output appended to {@code out}. */
  NodeProcess start(String node, List<String> jvmOptions, List<String> cliArgs, String out) throws IOException;

  /**
   * Starts {@code command}, a program installed on the node's host (etcd, say), in the node's
   * network namespace if it has one, output appended to {@code out}.
   */
  NodeProcess exec(String node, List<String> command, String out) throws IOException;

  /** How long a node may take to start listening (a JVM in an emulated VM needs far more than 30 s). */
  default long startSeconds() {
    return 30;
  }

  /** The pause between two looks at a starting node's log (over SSH each look is a command on the host). */
  default long pollMillis() {
    return 20;
  }

  @Override
  void close();
}
