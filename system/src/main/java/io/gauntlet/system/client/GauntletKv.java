package io.gauntlet.system.client;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvClerk;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.kvsrv.VersionedKvClerk;
import io.gauntlet.system.net.NetRuntime;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterFileException;
import io.gauntlet.system.node.Role;
import io.gauntlet.system.shardkv.ShardKvClerk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embeddable key/value client of a Gauntlet cluster (kvraft, kvsrv or shardkv, as the cluster
 * file says). One instance is one logical client: its calls run one at a time, in order, each with
 * its own (client, seq) so a retried write applies at most once. Open one per concurrent caller.
 *
 * <pre>{@code
 * try (GauntletKv kv = GauntletKv.connect(Path.of("cluster.json"))) {
 *   kv.put("x", "1");
 *   String v = kv.get("x").value();           // "1"
 *   kv.appendAsync("x", "2").thenAccept(...); // async: a CompletableFuture
 * }
 * }</pre>
 *
 * <p>A call that cannot finish within the give-up time completes with {@link Err#ERR_MAYBE}: it may
 * or may not have been applied (kvraft and shardkv). Blocking calls wait at most that long plus a
 * margin and then throw {@link TimeoutException}.
 */
public final class GauntletKv implements KvClient {
  /**
   * Retry and give-up times of a client, and optionally its home node: Gets (and writes, with
   * {@code homeWrites}) go there first (kvraft), as a client bound to one node.
   */
  public record Options(Duration retry, Duration giveUp, String home, boolean homeWrites) {
    public Options(Duration retry, Duration giveUp) {
      this(retry, giveUp, null, false);
    }

    public Options(Duration retry, Duration giveUp, String home) {
      this(retry, giveUp, home, false);
    }

    public static Options defaults() {
      return new Options(Duration.ofMillis(250), Duration.ofSeconds(10));
    }
  }

  private final NetRuntime rt;
  private final Role service;
  private final KvClerk kvraft;
  private final VersionedKvClerk kvsrv;
  private final ShardKvClerk shardkv;
  private final Options options;

  private GauntletKv(NetRuntime rt, Role service, KvClerk kvraft, VersionedKvClerk kvsrv, ShardKvClerk shardkv, Options options) {
    this.rt = rt;
    this.service = service;
    this.kvraft = kvraft;
    this.kvsrv = kvsrv;
    this.shardkv = shardkv;
    this.options = options;
  }

  public static GauntletKv connect(Path clusterFile) throws ClusterFileException {
    return connect(ClusterFile.load(clusterFile), Options.defaults());
  }

  public static GauntletKv connect(ClusterFile.Loaded cluster, Options options) {
    long retry = options.retry().toNanos();
    long giveUp = options.giveUp().toNanos();
    Role service = cluster.spec().service();
    switch (service) {
      case KVRAFT -> {
        var s = ClientRuntime.start(cluster, "kv", r -> new KvClerk(r, cluster.spec().members(Role.KVRAFT), retry, giveUp));
        if (options.home() != null) {
          s.node().homeAt(options.home(), options.homeWrites());
        }
        return new GauntletKv(s.runtime(), service, s.node(), null, null, options);
      }
      case KVSRV -> {
        var s = ClientRuntime.start(cluster, "kv", r -> new VersionedKvClerk(r, cluster.spec().members(Role.KVSRV).get(0), retry));
        return new GauntletKv(s.runtime(), service, null, s.node(), null, options);
      }
      default -> {
        var s = ClientRuntime.start(cluster, "kv", r -> new ShardKvClerk(r, cluster.spec().members(Role.SHARDCTRLER),
            cluster.spec().shards(), retry, giveUp));
        return new GauntletKv(s.runtime(), service, null, null, s.node(), options);
      }
    }
  }

  /** The service this client talks to. */
  public Role service() {
    return service;
  }

  /** This client's id on the wire. */
  public String id() {
    return rt.self();
  }

  /** The value and version of {@code key}: OK, ERR_NO_KEY, or ERR_MAYBE (gave up). */
  public CompletableFuture<KvResult> getAsync(String key) {
    if (kvraft != null) {
      return kvraft.get(key);
    }
    if (kvsrv != null) {
      return kvsrv.get(key);
    }
    return shardkv.get(key);
  }

  public CompletableFuture<KvResult> putAsync(String key, String value) {
    if (kvraft != null) {
      return kvraft.put(key, value);
    }
    if (shardkv != null) {
      return shardkv.put(key, value);
    }
    throw new UnsupportedOperationException("kvsrv has only the versioned put: use put(key, value, version)");
  }

  public CompletableFuture<KvResult> appendAsync(String key, String value) {
    if (kvraft != null) {
      return kvraft.append(key, value);
    }
    if (shardkv != null) {
      return shardkv.append(key, value);
    }
    throw new UnsupportedOperationException("kvsrv has no append");
  }

  /** The versioned put: applies only if the key's version is {@code version} (0: the key must be absent). */
  public CompletableFuture<KvResult> putAsync(String key, String value, long version) {
    if (kvraft != null) {
      return kvraft.put(key, value, version);
    }
    if (kvsrv != null) {
      return kvsrv.put(key, value, version).thenApply(err -> new KvResult(err, null, 0));
    }
    throw new UnsupportedOperationException("shardkv has no versioned put");
  }

  public KvResult get(String key) throws TimeoutException, InterruptedException {
    return await(getAsync(key));
  }

  public KvResult put(String key, String value) throws TimeoutException, InterruptedException {
    return await(putAsync(key, value));
  }

  public KvResult append(String key, String value) throws TimeoutException, InterruptedException {
    return await(appendAsync(key, value));
  }

  public KvResult put(String key, String value, long version) throws TimeoutException, InterruptedException {
    return await(putAsync(key, value, version));
  }

  private KvResult await(CompletableFuture<KvResult> f) throws TimeoutException, InterruptedException {
    try {
      return f.get(options.giveUp().toMillis() + 2_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("client call failed: " + e.getCause(), e.getCause());
    }
  }

  NetRuntime runtime() {
    return rt;
  }

  @Override
  public void close() {
    rt.close();
  }
}
