package io.gauntlet.control.remote;

import java.io.IOException;
import java.util.List;

/**
 * The machines a test runs its nodes on: where each node lives, its address, and how to run a
 * command there. {@link NetnsHosts}: one network namespace per node on a bridge (root); {@link
 * LocalHosts}: plain processes on loopback. {@link #close()} tears down whatever was set up.
 */
public interface Hosts extends AutoCloseable {
  /** {@code netns} or {@code local}. */
  String kind();

  List<String> nodes();

  /** The address the node listens on and peers reach it at. */
  String address(String node);

  /** The port the node listens on. */
  int port(String node);

  /** {@code command} as run on {@code node} (e.g. prefixed by {@code ip netns exec NS}). */
  List<String> onNode(String node, List<String> command);

  /** Whether each node has a packet filter of its own that a nemesis may change. */
  boolean canFilterPackets();

  /** Runs {@code command} on {@code node}, waits (at most 30 s), and fails with its output if it exits non-zero. */
  default void exec(String node, List<String> command) throws IOException {
    Commands.run(onNode(node, command));
  }

  @Override
  void close();
}
