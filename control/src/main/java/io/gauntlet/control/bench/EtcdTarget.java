package io.gauntlet.control.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.gauntlet.control.cluster.EtcdCluster;
import io.gauntlet.control.cluster.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * etcd: {@code nodes} real etcd members on loopback with default settings (fsync on), driven through
 * its own Java client, jetcd. Like etcd's own benchmark tool, clients share a few gRPC connections
 * (one jetcd client per 16 closed-loop clients); reads are linearizable (etcd's default).
 */
final class EtcdTarget implements KvTarget {
  private final EtcdCluster cluster;
  private final List<Client> connections = new ArrayList<>();
  private int clients;

  EtcdTarget(Path work, String etcd, int nodes) throws Exception {
    int client = FreePorts.consecutive(nodes);
    int peer = FreePorts.consecutive(nodes + 10) + 10;
    if (peer < client + nodes && peer + nodes > client) {
      peer = client + nodes + 10;
    }
    io.gauntlet.control.db.GrpcLogs.quiet();
    cluster = new EtcdCluster(work, etcd, nodes, client, peer);
    cluster.startAll();
    Client probe = Client.builder().endpoints(cluster.clientUrls().toArray(new String[0])).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        probe.getKVClient().put(bytes("gauntlet-bench-health"), bytes("ok")).get(2, TimeUnit.SECONDS);
        break;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          probe.close();
          cluster.close();
          throw new IllegalStateException("etcd did not become healthy within 30 s (logs in " + work + "): " + e, e);
        }
        Thread.sleep(200);
      }
    }
    connections.add(probe);
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public void clients(int n) {
    clients = n;
    int wanted = Math.max(1, (n + 15) / 16);
    while (connections.size() < wanted) {
      connections.add(Client.builder().endpoints(cluster.clientUrls().toArray(new String[0])).build());
    }
  }

  private Client conn(int client) {
    return connections.get(client % Math.max(1, Math.min(connections.size(), (clients + 15) / 16)));
  }

  @Override
  public CompletableFuture<?> put(int client, String key, byte[] value) {
    return conn(client).getKVClient().put(bytes(key), ByteSequence.from(value));
  }

  @Override
  public CompletableFuture<?> get(int client, String key) {
    return conn(client).getKVClient().get(bytes(key));
  }

  @Override
  public void close() {
    connections.forEach(Client::close);
    cluster.close();
  }
}
