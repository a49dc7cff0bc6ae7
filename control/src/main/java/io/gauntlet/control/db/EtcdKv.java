package io.gauntlet.control.db;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A workload client of etcd over jetcd. Reads are linearizable (etcd's default) unless
 * {@code serializable}: then the member answers from its own state, which etcd documents may be
 * stale. A key's version is its mod revision, so the conditional put is a transaction comparing
 * it (0: the key is absent). etcd has no append: it is a read, then a transaction that writes
 * old + suffix only if the key's mod revision is unchanged, repeated until it applies. A call that
 * times out or fails in transit is {@link KvResult#MAYBE}: it may have been applied.
 */
public final class EtcdKv implements KvClient {
  private final Client client;
  private final KV kv;
  private final GetOption read;
  private final long giveUpNanos;

  public EtcdKv(Client client, boolean serializable, Duration giveUp) {
    this.client = client;
    this.kv = client.getKVClient();
    this.read = GetOption.builder().withSerializable(serializable).build();
    this.giveUpNanos = giveUp.toNanos();
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  public KvResult get(String key) throws InterruptedException {
    return read(key, System.nanoTime() + giveUpNanos);
  }

  private KvResult read(String key, long deadline) throws InterruptedException {
    GetResponse r = await(kv.get(bytes(key), read), deadline);
    if (r == null) {
      return KvResult.MAYBE;
    }
    if (r.getKvs().isEmpty()) {
      return new KvResult(Err.ERR_NO_KEY, "", 0);
    }
    KeyValue v = r.getKvs().get(0);
    return new KvResult(Err.OK, v.getValue().toString(StandardCharsets.UTF_8), v.getModRevision());
  }

  @Override
  public KvResult put(String key, String value) throws InterruptedException {
    return await(kv.put(bytes(key), bytes(value)), System.nanoTime() + giveUpNanos) == null
        ? KvResult.MAYBE : new KvResult(Err.OK, value, 0);
  }

  @Override
  public KvResult put(String key, String value, long version) throws InterruptedException {
    return putIf(key, value, version, System.nanoTime() + giveUpNanos);
  }

  private KvResult putIf(String key, String value, long modRevision, long deadline) throws InterruptedException {
    ByteSequence k = bytes(key);
    TxnResponse r = await(kv.txn().If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision)))
        .Then(Op.put(k, bytes(value), PutOption.DEFAULT)).commit(), deadline);
    if (r == null) {
      return KvResult.MAYBE;
    }
    return r.isSucceeded() ? new KvResult(Err.OK, value, r.getHeader().getRevision()) : new KvResult(Err.ERR_VERSION, null, 0);
  }

  @Override
  public KvResult append(String key, String value) throws InterruptedException {
    long deadline = System.nanoTime() + giveUpNanos;
    while (true) {
      KvResult old = read(key, deadline);
      if (old.err() == Err.ERR_MAYBE) {
        return KvResult.MAYBE;
      }
      KvResult put = putIf(key, old.value() + value, old.version(), deadline);
      if (put.err() != Err.ERR_VERSION) {
        return put.err() == Err.OK ? new KvResult(Err.OK, old.value() + value, put.version()) : put;
      }
      // written in between: nothing applied; read again
    }
  }

  /** The response, or null if it did not come by {@code deadline} or the call failed. */
  private static <T> T await(CompletableFuture<T> f, long deadline) throws InterruptedException {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      f.cancel(true);
      return null;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
