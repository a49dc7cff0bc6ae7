package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What a nemesis needs from a cluster: run a command on a node, and stop, start, pause and resume
 * its server process. The control node supplies it for each kind of host (network namespaces on one
 * machine, loopback processes, SSH hosts), so this module is testable alone.
 */
public interface NodeShell {
  /** Node ids, in cluster order. */
  List<String> nodes();

  /** The address peers reach {@code node} at (what iptables rules name). */
  String address(String node);

  /** Runs {@code command} on {@code node} with root rights; fails if it exits non-zero. */
  void exec(String node, List<String> command) throws IOException;

  /** Whether {@link #exec} can change the node's packet filter (iptables). */
  boolean canFilterPackets();

  /** The per-link proxies, if this cluster runs its peer links through them (Toxiproxy). */
  default Optional<LinkToxics> links() {
    return Optional.empty();
  }

  /** The shard controller's operations, if this is a sharded cluster. */
  default Optional<ShardAdmin> shards() {
    return Optional.empty();
  }

  /** kill -9 of the node's server process. */
  void kill(String node) throws IOException;

  /** Starts the node's server again (from its data); returns when it listens, or throws. */
  void start(String node) throws IOException;

  /** SIGSTOP. */
  void pause(String node) throws IOException;

  /** SIGCONT. */
  void resume(String node) throws IOException;

  /** The current Raft leader (of the main group), if one can be found now. */
  Optional<String> leader();
}
