package io.gauntlet.system.client;

import io.gauntlet.system.net.NetRuntime;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.Wire;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.NodeFactory;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A client's runtime: a node without storage that talks to a cluster with its secret. */
final class ClientRuntime {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClientRuntime() {}

  private static io.netty.channel.EventLoopGroup loops;

  /**
   * The network event loops every client of this process shares (two daemon threads), so that a
   * process with many clients (a test's control node, a benchmark) does not run two threads per
   * client on a small machine.
   */
  static synchronized io.netty.channel.EventLoopGroup sharedLoops() {
    if (loops == null) {
      loops = new io.netty.channel.nio.NioEventLoopGroup(2, new io.netty.util.concurrent.DefaultThreadFactory("client-net", true));
    }
    return loops;
  }

  /** A fresh client id: unique across processes, so servers never confuse two clients' connections. */
  static String newId(String prefix) {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return prefix + "-" + HexFormat.of().formatHex(b);
  }

  /** Starts {@code factory}'s node on a new client runtime; returns the runtime (close it to disconnect). */
  static <N extends Node> Started<N> start(ClusterFile.Loaded cluster, String prefix, java.util.function.Function<io.gauntlet.system.runtime.Runtime, N> factory) {
    String id = newId(prefix);
    NetRuntime rt = NetRuntime.client(id, cluster.addressBook(), Wire.types(),
        cluster.transportConfig(), RANDOM.nextLong(), sharedLoops());
    Object[] made = new Object[1];
    NodeFactory f = r -> {
      N n = factory.apply(r);
      made[0] = n;
      return n;
    };
    try {
      rt.start(f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rt.close();
      throw new IllegalStateException("interrupted while starting client " + id, e);
    }
    @SuppressWarnings("unchecked")
    N node = (N) made[0];
    return new Started<>(rt, node);
  }

  record Started<N>(NetRuntime runtime, N node) {}
}
