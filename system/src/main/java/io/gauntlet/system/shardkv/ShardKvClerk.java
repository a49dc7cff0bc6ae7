package io.gauntlet.system.shardkv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvOp;
import io.gauntlet.system.kvraft.KvReply;
import io.gauntlet.system.kvraft.KvRequest;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import io.gauntlet.system.shardctrler.CtrlerClerk;
import io.gauntlet.system.shardctrler.SerialCalls;
import io.gauntlet.system.shardctrler.ShardConfig;
import io.gauntlet.system.shardctrler.Shards;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The sharded KV client. Asynchronous ({@link CompletableFuture}); calls run one at a time in order
 * with one (client, seq) each. A call goes to the group the cached configuration gives the key's
 * shard, to the leader it remembers for that group; on ERR_WRONG_GROUP, or after every server of
 * the group failed to answer, it asks the controller for the latest configuration and goes again.
 * With a give-up time, a call that cannot finish in time completes with ERR_MAYBE.
 */
public final class ShardKvClerk implements Node {
  private final Runtime rt;
  private final CtrlerClerk ctrler;
  private final int nShards;
  private final long retryNanos;
  private final long giveUpNanos;
  private final long clientId;
  private final SerialCalls<Call> calls;
  private final Map<Integer, Integer> leaderOf = new HashMap<>();
  private ShardConfig config;
  private long seq;
  private long attempt; // bumps on every send or refresh, so stale timers do nothing
  private Cancellable timer;

  private final class Call {
    final KvOp op;
    final String key;
    final String value;
    final CompletableFuture<KvResult> result = new CompletableFuture<>();
    KvRequest request; // set on the node's thread when the call is numbered
    long startedAt;
    int unanswered; // sends since the last refresh that brought no answer but "wrong leader" or none

    Call(KvOp op, String key, String value) {
      this.op = op;
      this.key = key;
      this.value = value;
    }

    Call numbered(long seq) {
      request = new KvRequest(clientId, seq, op, key, value, 0);
      startedAt = rt.nowNanos();
      return this;
    }
  }

  public ShardKvClerk(Runtime rt, List<String> ctrlers, int nShards, long retryNanos, long giveUpNanos) {
    this.rt = rt;
    this.ctrler = new CtrlerClerk(rt, ctrlers, retryNanos);
    this.nShards = nShards;
    this.retryNanos = retryNanos;
    this.giveUpNanos = giveUpNanos;
    this.clientId = (rt.random().nextLong() & Long.MAX_VALUE) | 1;
    this.config = ShardConfig.initial(nShards);
    this.calls = new SerialCalls<>(rt, c -> send());
  }

  /** This clerk's node name. */
  public String name() {
    return rt.self();
  }

  public long clientId() {
    return clientId;
  }

  public CompletableFuture<KvResult> get(String key) {
    return call(KvOp.GET, key, null);
  }

  public CompletableFuture<KvResult> put(String key, String value) {
    return call(KvOp.PUT, key, value);
  }

  public CompletableFuture<KvResult> append(String key, String value) {
    return call(KvOp.APPEND, key, value);
  }

  private CompletableFuture<KvResult> call(KvOp op, String key, String value) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    Call c = new Call(op, key, value);
    calls.submit(() -> c.numbered(++seq));
    return c.result;
  }

  private void send() {
    Call c = calls.current();
    if (giveUpNanos > 0 && rt.nowNanos() - c.startedAt >= giveUpNanos) {
      finish(c.request.op() == KvOp.GET ? new KvResult(Err.ERR_MAYBE, null, 0) : KvResult.MAYBE);
      return;
    }
    int gid = config.owner(Shards.keyToShard(c.request.key(), nShards));
    List<String> servers = config.servers(gid);
    if (servers.isEmpty() || c.unanswered >= servers.size()) {
      refresh();
      return;
    }
    int i = leaderOf.getOrDefault(gid, 0) % servers.size();
    rt.send(servers.get(i), c.request);
    c.unanswered++;
    long a = ++attempt;
    timer = rt.schedule(retryNanos, () -> {
      if (attempt == a) {
        leaderOf.put(gid, (i + 1) % servers.size());
        send();
      }
    });
  }

  /** Asks the controller for the latest configuration, then sends again (after a pause if unchanged). */
  private void refresh() {
    Call c = calls.current();
    long a = ++attempt;
    int before = config.num();
    ctrler.query(-1).thenAccept(latest -> {
      if (attempt != a || calls.current() != c) {
        return;
      }
      if (latest.num() > config.num()) {
        config = latest;
      }
      c.unanswered = 0;
      if (config.num() == before) {
        // Same configuration: the group is still getting the shard, or nobody serves it yet.
        long b = ++attempt;
        timer = rt.schedule(retryNanos / 2, () -> {
          if (attempt == b) {
            send();
          }
        });
      } else {
        send();
      }
    });
  }

  private void finish(KvResult r) {
    ++attempt;
    if (timer != null) {
      timer.cancel();
    }
    Call c = calls.current();
    c.result.complete(r);
    calls.finished();
  }

  @Override
  public void start() {}

  @Override
  public void onMessage(String from, Message m) {
    if (ctrler.handle(from, m)) {
      return;
    }
    Call current = calls.current();
    if (!(m instanceof KvReply reply) || current == null || reply.seq() != current.request.seq()) {
      return; // a late answer to an earlier try or call
    }
    int gid = config.owner(Shards.keyToShard(current.request.key(), nShards));
    List<String> servers = config.servers(gid);
    if (!servers.contains(from)) {
      return; // an answer from a group the clerk no longer sends this key to
    }
    if (timer != null) {
      timer.cancel();
    }
    switch (reply.err()) {
      case ERR_WRONG_LEADER, ERR_OVERLOADED -> {
        int hinted = reply.leaderHint() == null ? -1 : servers.indexOf(reply.leaderHint());
        int next = hinted >= 0 && !servers.get(hinted).equals(from) ? hinted : (servers.indexOf(from) + 1) % servers.size();
        leaderOf.put(gid, next);
        long a = ++attempt;
        // An overloaded server asks for a back-off; a full round of wrong leaders waits for an election.
        long pause = reply.err() == Err.ERR_OVERLOADED ? retryNanos / 2 : next == 0 ? retryNanos / 4 : 0;
        timer = rt.schedule(pause, () -> {
          if (attempt == a) {
            send();
          }
        });
      }
      case ERR_WRONG_GROUP -> refresh();
      default -> {
        leaderOf.put(gid, servers.indexOf(from));
        finish(new KvResult(reply.err(), reply.value(), 0));
      }
    }
  }
}
