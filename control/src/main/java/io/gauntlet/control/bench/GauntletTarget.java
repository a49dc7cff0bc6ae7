package io.gauntlet.control.bench;

import io.gauntlet.control.cluster.FreePorts;
import io.gauntlet.control.cluster.ProcessCluster;
import io.gauntlet.system.client.GauntletKv;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Gauntlet's kvraft: {@code nodes} real node processes on loopback, one {@link GauntletKv} per client. */
final class GauntletTarget implements KvTarget {
  /** Node JVMs for throughput: the C2 compiler, a small heap with short pauses. */
  static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xmx512m", "-Xms512m");

  private final ProcessCluster cluster;
  private final List<GauntletKv> clients = new ArrayList<>();

  GauntletTarget(Path work, int nodes) throws Exception {
    int base = FreePorts.consecutive(nodes);
    ClusterSpec spec = ClusterFile.generate("bench", Role.KVRAFT, nodes, 0, "127.0.0.1", base, "cluster.secret");
    // No snapshots during a run: both systems keep their whole log (etcd snapshots every 100k entries).
    spec = new ClusterSpec(spec.name(), spec.secretFile(), spec.nShards(),
        new ClusterSpec.RaftSettings(10, 5, 20, 256L << 20, 100), spec.nodes());
    cluster = new ProcessCluster(work, spec, JVM);
    cluster.startAll();
  }

  @Override
  public String name() {
    return "gauntlet";
  }

  @Override
  public void clients(int n) {
    while (clients.size() < n) {
      clients.add(GauntletKv.connect(cluster.loaded(), new GauntletKv.Options(Duration.ofMillis(500), Duration.ofSeconds(10))));
    }
  }

  @Override
  public CompletableFuture<?> put(int client, String key, byte[] value) {
    return check(clients.get(client).putAsync(key, new String(value, StandardCharsets.ISO_8859_1)));
  }

  @Override
  public CompletableFuture<?> get(int client, String key) {
    return check(clients.get(client).getAsync(key));
  }

  private static CompletableFuture<?> check(CompletableFuture<KvResult> f) {
    return f.thenApply(r -> {
      if (r.err() != Err.OK && r.err() != Err.ERR_NO_KEY) {
        throw new IllegalStateException("call failed: " + r.err());
      }
      return r;
    });
  }

  @Override
  public void close() {
    clients.forEach(GauntletKv::close);
    cluster.close();
  }
}
