package io.gauntlet.system.client;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import java.util.concurrent.TimeoutException;

/**
 * One logical key/value client as the test bed's workloads drive it, whatever the system behind it
 * ({@link GauntletKv} for Gauntlet's own services, an etcd client for etcd). Calls are blocking and
 * run one at a time. A call whose outcome is unknown (it may or may not have been applied) returns
 * {@link KvResult#MAYBE}; {@link Err#ERR_NO_KEY} is a read of an absent key.
 */
public interface KvClient extends AutoCloseable {
  KvResult get(String key) throws TimeoutException, InterruptedException;

  KvResult put(String key, String value) throws TimeoutException, InterruptedException;

  KvResult append(String key, String value) throws TimeoutException, InterruptedException;

  /**
   * The conditional put: applies only if the key's version is still {@code version} as a
   * {@link #get} returned it (0: the key must be absent); {@link Err#ERR_VERSION} if it is not.
   */
  KvResult put(String key, String value, long version) throws TimeoutException, InterruptedException;

  @Override
  void close();
}
