package io.gauntlet.system.kvraft;

import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The kvraft client. Asynchronous: every call returns a {@link CompletableFuture}; calls run one at
 * a time in order (a clerk is one logical client, as in the labs). It remembers the leader, follows
 * leader hints, and retries the same (client, seq) on timeouts and wrong-leader answers, so a
 * retried write is applied at most once. With a give-up time set, a call that cannot finish in time
 * completes with ERR_MAYBE (it may or may not have been applied).
 *
 * <p>Thread-safe: calls are handed to the node's thread through the runtime's scheduler.
 */
public final class KvClerk implements Node {
  private final Runtime rt;
  private final List<String> servers;
  private final long retryNanos;
  private final long giveUpNanos;
  private final long clientId;
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private long seq;
  private int leader;
  private int home = -1;
  private boolean homeWrites;
  private Call current;
  private Cancellable timer;
  private FinishObserver finishObserver;

  /** Told of each call as it ends: this clerk's id, the call's seq, its op and its outcome. */
  public interface FinishObserver {
    void finished(long client, long seq, KvOp op, Err err);
  }

  private final class Call {
    final KvRequest request;
    final CompletableFuture<KvResult> result;
    long startedAt;
    int tries;

    Call(KvRequest request, CompletableFuture<KvResult> result) {
      this.request = request;
      this.result = result;
    }
  }

  /**
   * @param retryNanos how long to wait for an answer before trying another server
   * @param giveUpNanos after this long a call completes with ERR_MAYBE; 0 retries forever
   */
  public KvClerk(Runtime rt, List<String> servers, long retryNanos, long giveUpNanos) {
    this.rt = rt;
    this.servers = List.copyOf(servers);
    this.retryNanos = retryNanos;
    this.giveUpNanos = giveUpNanos;
    this.clientId = (rt.random().nextLong() & Long.MAX_VALUE) | 1;
    this.leader = rt.random().nextInt(servers.size());
  }

  public long clientId() {
    return clientId;
  }

  /** Watches every call as it ends (the simulator's soak uses it); null stops watching. */
  public void observeFinished(FinishObserver o) {
    this.finishObserver = o;
  }

  public CompletableFuture<KvResult> get(String key) {
    return call(KvOp.GET, key, null, 0);
  }

  public CompletableFuture<KvResult> put(String key, String value) {
    return call(KvOp.PUT, key, value, 0);
  }

  public CompletableFuture<KvResult> append(String key, String value) {
    return call(KvOp.APPEND, key, value, 0);
  }

  /** The versioned Put: ERR_VERSION if the key's version is not {@code version}. */
  public CompletableFuture<KvResult> put(String key, String value, long version) {
    return call(KvOp.VPUT, key, value, version);
  }

  /**
   * Sends every Get first to {@code server}, as a client bound to one node does (Jepsen's clients
   * are), instead of to the last known leader; a follower redirects it. A deposed leader that still
   * answers reads is then asked by its own clients, which is what a test of read safety needs.
   */
  public void homeReadsAt(String server) {
    homeAt(server, false);
  }

  /** Like {@link #homeReadsAt}, for every call when {@code writesToo}: a deposed leader then takes writes it cannot commit. */
  public void homeAt(String server, boolean writesToo) {
    int i = servers.indexOf(server);
    if (i < 0) {
      throw new IllegalArgumentException("unknown server " + server + " (servers: " + servers + ")");
    }
    rt.schedule(0, () -> {
      home = i;
      homeWrites = writesToo;
    });
  }

  /** The server this clerk last found to be leader. */
  public String leader() {
    return servers.get(leader);
  }

  private CompletableFuture<KvResult> call(KvOp op, String key, String value, long version) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    rt.schedule(0, () -> {
      queue.add(new Call(new KvRequest(clientId, ++seq, op, key, value, version), f));
      if (current == null) {
        next();
      }
    });
    return f;
  }

  private void next() {
    current = queue.poll();
    if (current != null) {
      if (home >= 0 && (homeWrites || current.request.op() == KvOp.GET)) {
        leader = home;
      }
      current.startedAt = rt.nowNanos();
      send();
    }
  }

  private void send() {
    Call c = current;
    if (giveUpNanos > 0 && rt.nowNanos() - c.startedAt >= giveUpNanos) {
      finish(c.request.op() == KvOp.GET ? new KvResult(Err.ERR_MAYBE, null, 0) : KvResult.MAYBE);
      return;
    }
    c.tries++;
    rt.send(servers.get(leader), c.request);
    long seqAtSend = c.request.seq();
    timer = rt.schedule(retryNanos, () -> {
      if (current != null && current.request.seq() == seqAtSend) {
        leader = (leader + 1) % servers.size();
        send();
      }
    });
  }

  private void finish(KvResult r) {
    if (timer != null) {
      timer.cancel();
    }
    Call c = current;
    current = null;
    if (finishObserver != null) {
      finishObserver.finished(clientId, c.request.seq(), c.request.op(), r.err());
    }
    c.result.complete(r);
    next();
  }

  @Override
  public void start() {}

  @Override
  public void onMessage(String from, Message m) {
    if (!(m instanceof KvReply reply) || current == null || reply.seq() != current.request.seq()) {
      return; // a late answer to an earlier try or call
    }
    if (reply.err() == Err.ERR_WRONG_LEADER || reply.err() == Err.ERR_OVERLOADED) {
      if (timer != null) {
        timer.cancel();
      }
      int hinted = reply.leaderHint() == null ? -1 : servers.indexOf(reply.leaderHint());
      leader = hinted >= 0 && !servers.get(hinted).equals(from) ? hinted : (servers.indexOf(from) + 1) % servers.size();
      long seqNow = current.request.seq();
      // An overloaded server asks us to back off before the next try; when every server said no,
      // wait a little for an election before going round again.
      long pause = reply.err() == Err.ERR_OVERLOADED ? retryNanos / 2
          : current.tries % servers.size() == 0 ? retryNanos / 4 : 0;
      timer = rt.schedule(pause, () -> {
        if (current != null && current.request.seq() == seqNow) {
          send();
        }
      });
      return;
    }
    leader = servers.indexOf(from);
    finish(new KvResult(reply.err(), reply.value(), reply.version()));
  }
}
