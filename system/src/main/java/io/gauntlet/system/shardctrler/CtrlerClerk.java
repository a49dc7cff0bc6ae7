package io.gauntlet.system.shardctrler;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The shard controller's client. Asynchronous ({@link CompletableFuture}); calls run one at a time
 * in order with one (client, seq) each, retried across servers until a leader answers, so a Join,
 * Leave or Move applies exactly once. It can run as its own node or inside another node (a shardkv
 * server or clerk), which forwards controller replies to {@link #handle}.
 *
 * <p>Thread-safe: calls are handed to the node's thread through the runtime's scheduler.
 */
public final class CtrlerClerk implements Node {
  private final Runtime rt;
  private final List<String> servers;
  private final long retryNanos;
  private final long clientId;
  private final SerialCalls<Call> calls;
  private long seq;
  private int leader;
  private Cancellable timer;

  private record Call(long seq, CtrlerCommand command, CompletableFuture<ShardConfig> result) {}

  public CtrlerClerk(Runtime rt, List<String> servers, long retryNanos) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("a controller clerk needs at least one controller server");
    }
    this.rt = rt;
    this.servers = List.copyOf(servers);
    this.retryNanos = retryNanos;
    this.clientId = (rt.random().nextLong() & Long.MAX_VALUE) | 1;
    this.leader = rt.random().nextInt(servers.size());
    this.calls = new SerialCalls<>(rt, c -> send(c));
  }

  /** Adds groups (gid to server names); completes with the configuration it made. */
  public CompletableFuture<ShardConfig> join(Map<Integer, List<String>> groups) {
    return call(CtrlerCommand.join(groups));
  }

  public CompletableFuture<ShardConfig> leave(List<Integer> gids) {
    return call(CtrlerCommand.leave(gids));
  }

  /** Moves {@code shard} to {@code gid}; an unknown gid or shard makes no configuration. */
  public CompletableFuture<ShardConfig> move(int shard, int gid) {
    return call(CtrlerCommand.move(shard, gid));
  }

  /** Configuration {@code num}, or the latest for -1. */
  public CompletableFuture<ShardConfig> query(int num) {
    return call(CtrlerCommand.query(num));
  }

  /** Whether a call is waiting or running. */
  public boolean busy() {
    return calls.busy();
  }

  private CompletableFuture<ShardConfig> call(CtrlerCommand command) {
    CompletableFuture<ShardConfig> f = new CompletableFuture<>();
    calls.submit(() -> new Call(++seq, command, f));
    return f;
  }

  private void send(Call c) {
    rt.send(servers.get(leader), new CtrlerRequest(clientId, c.seq, c.command));
    timer = rt.schedule(retryNanos, () -> {
      if (calls.current() == c) {
        leader = (leader + 1) % servers.size();
        send(c);
      }
    });
  }

  @Override
  public void start() {}

  @Override
  public void onMessage(String from, Message m) {
    handle(from, m);
  }

  /** Takes a controller reply meant for this clerk; false if {@code m} is not one. */
  public boolean handle(String from, Message m) {
    if (!(m instanceof CtrlerReply reply)) {
      return false;
    }
    Call c = calls.current();
    if (c == null || reply.seq() != c.seq) {
      return true; // a late answer to an earlier try or call
    }
    if (timer != null) {
      timer.cancel();
    }
    if (reply.err() == Err.ERR_WRONG_LEADER) {
      int hinted = reply.leaderHint() == null ? -1 : servers.indexOf(reply.leaderHint());
      boolean useHint = hinted >= 0 && !servers.get(hinted).equals(from);
      leader = useHint ? hinted : (servers.indexOf(from) + 1) % servers.size();
      // Without a hint, pause briefly before asking again, so a leaderless controller is not hammered.
      timer = rt.schedule(useHint ? 0 : retryNanos / 4, () -> {
        if (calls.current() == c) {
          send(c);
        }
      });
      return true;
    }
    leader = Math.max(0, servers.indexOf(from));
    c.result.complete(reply.config());
    calls.finished();
    return true;
  }
}
