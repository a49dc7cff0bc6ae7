package io.gauntlet.system.kvsrv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The client of {@link VersionedKvServer}. Asynchronous: every call returns a {@link
 * CompletableFuture} completed on the node's thread; calls run one at a time in order (a clerk is
 * one logical client, as in the labs). A call is resent every {@code retryNanos} until some answer
 * arrives, so it never gives up; answers to other calls are ignored by call number.
 *
 * <p>Put and ERR_MAYBE: the server keeps nothing per client, so a resent Put whose earlier copy was
 * applied comes back ERR_VERSION. An ERR_VERSION is therefore reported as such only when the Put was
 * sent exactly once; once it has been resent the clerk cannot tell and returns ERR_MAYBE (the Put may
 * or may not have been applied). This assumes the network does not itself duplicate requests (the
 * labs' network and TCP do not).
 *
 * <p>Thread-safe: calls are handed to the node's thread through the runtime's scheduler.
 */
public final class VersionedKvClerk implements Node {
  /** The labs' clerk retries an RPC that got no answer after about this long. */
  public static final long DEFAULT_RETRY_NANOS = 100_000_000L;

  private final Runtime rt;
  private final String server;
  private final long retryNanos;
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private long calls;
  private Call current;
  private Cancellable timer;

  /** One call: the request and how many times it has been sent. */
  private static final class Call {
    final Message request;
    final long number;
    final CompletableFuture<KvResult> result;
    int sends;

    Call(Message request, long number, CompletableFuture<KvResult> result) {
      this.request = request;
      this.number = number;
      this.result = result;
    }
  }

  public VersionedKvClerk(Runtime rt, String server, long retryNanos) {
    if (retryNanos <= 0) {
      throw new IllegalArgumentException("retryNanos must be positive, got " + retryNanos);
    }
    this.rt = rt;
    this.server = server;
    this.retryNanos = retryNanos;
  }

  public VersionedKvClerk(Runtime rt, String server) {
    this(rt, server, DEFAULT_RETRY_NANOS);
  }

  /** The runtime this clerk runs on (for code built over the clerk, like {@link KvLock}). */
  public Runtime runtime() {
    return rt;
  }

  /** The value and version of {@code key}: OK, or ERR_NO_KEY (value "", version 0). */
  public CompletableFuture<KvResult> get(String key) {
    requireNonNull(key, "key");
    return call(n -> new GetArgs(n, key));
  }

  /**
   * Stores {@code value} under {@code key} if its version is {@code version}: OK, ERR_VERSION,
   * ERR_NO_KEY (missing key and version not 0), or ERR_MAYBE (resent and then ERR_VERSION).
   */
  public CompletableFuture<Err> put(String key, String value, long version) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, got " + version);
    }
    return call(n -> new PutArgs(n, key, value, version)).thenApply(KvResult::err);
  }

  private static void requireNonNull(String s, String what) {
    if (s == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
  }

  private CompletableFuture<KvResult> call(LongFunction<Message> request) {
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    rt.schedule(0, () -> {
      calls++;
      queue.add(new Call(request.apply(calls), calls, f));
      if (current == null) {
        next();
      }
    });
    return f;
  }

  private void next() {
    current = queue.poll();
    if (current != null) {
      send(current);
    }
  }

  private void send(Call c) {
    c.sends++;
    rt.send(server, c.request);
    timer = rt.schedule(retryNanos, () -> {
      if (current == c) {
        send(c);
      }
    });
  }

  @Override
  public void start() {}

  @Override
  public void onMessage(String from, Message m) {
    Call c = current;
    if (c == null || !server.equals(from)) {
      return;
    }
    KvResult r;
    if (m instanceof GetReply g && g.call() == c.number) {
      r = new KvResult(g.err(), g.value(), g.version());
    } else if (m instanceof PutReply p && p.call() == c.number) {
      Err err = p.err() == Err.ERR_VERSION && c.sends > 1 ? Err.ERR_MAYBE : p.err();
      r = new KvResult(err, null, 0);
    } else {
      return; // a late answer to an earlier call
    }
    timer.cancel();
    timer = null; // the timer holds the request; an idle clerk should not keep its last value
    current = null;
    c.result.complete(r);
    next();
  }
}
