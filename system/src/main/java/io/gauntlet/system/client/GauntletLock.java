package io.gauntlet.system.client;

import io.gauntlet.system.kvsrv.KvLock;
import io.gauntlet.system.kvsrv.VersionedKvClerk;
import io.gauntlet.system.net.NetRuntime;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.Role;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A lock on one key of a kvsrv cluster, built only on its versioned Put and Get (lab 2's lock).
 * Each instance is one lock client with its own connection.
 */
public final class GauntletLock implements AutoCloseable {
  private final NetRuntime rt;
  private final KvLock lock;

  private GauntletLock(NetRuntime rt, KvLock lock) {
    this.rt = rt;
    this.lock = lock;
  }

  public static GauntletLock connect(ClusterFile.Loaded cluster, String key, Duration retry) {
    if (cluster.spec().service() != Role.KVSRV) {
      throw new IllegalArgumentException(cluster.file() + ": the lock runs on a kvsrv cluster; this one is "
          + cluster.spec().service());
    }
    String server = cluster.spec().members(Role.KVSRV).get(0);
    var s = ClientRuntime.start(cluster, "lock", r -> new VersionedKvClerk(r, server, retry.toNanos()));
    KvLock lock = new KvLock(s.node(), key);
    return new GauntletLock(s.runtime(), lock);
  }

  /** This lock client's unique id (what the key holds while it holds the lock). */
  public String id() {
    return lock.id();
  }

  public CompletableFuture<Void> acquire() {
    return lock.acquire();
  }

  public CompletableFuture<Void> release() {
    return lock.release();
  }

  @Override
  public void close() {
    rt.close();
  }
}
