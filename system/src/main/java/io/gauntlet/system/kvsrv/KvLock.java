package io.gauntlet.system.kvsrv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.runtime.Runtime;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A lock built only on the versioned KV server's Get and Put (the labs' lab 2 lock). The lock key
 * holds the holder's unique id, or "" when free. Acquire reads the key; when it is free (or
 * missing) it puts its id at the version it read, so of several racing clients exactly one Put
 * matches. Release puts "" at the version it read while holding.
 *
 * <p>ERR_MAYBE (a resent Put that came back ERR_VERSION) is resolved by reading again: the key holds
 * our id exactly when our Put was applied, since nobody else writes the key while we hold it and no
 * other client ever writes our id. A read that finds our id during acquire therefore means we hold
 * the lock; a read that no longer finds it during release means we released it.
 *
 * <p>One lock object is one client: call {@code acquire} and {@code release} alternately, each
 * after the previous one completed. Calls may come from any thread; the work runs on the clerk's
 * node thread and the futures complete there.
 */
public final class KvLock {
  /** How long acquire waits before reading a held lock again. */
  public static final long DEFAULT_POLL_NANOS = 5_000_000L;

  private final VersionedKvClerk ck;
  private final Runtime rt;
  private final String key;
  private final String id;
  private final long pollNanos;
  private boolean held;
  private boolean busy;
  private long maybes;

  public KvLock(VersionedKvClerk ck, String key, long pollNanos) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("lock key must be a non-empty string");
    }
    this.ck = ck;
    this.rt = ck.runtime();
    this.key = key;
    this.pollNanos = pollNanos;
    // Unique among clients: the node id is unique in the world, the random part among incarnations.
    this.id = rt.self() + "#" + Long.toHexString(rt.random().nextLong());
  }

  public KvLock(VersionedKvClerk ck, String key) {
    this(ck, key, DEFAULT_POLL_NANOS);
  }

  /** The key that holds the lock (the lock's name). */
  public String key() {
    return key;
  }

  /** The value this client writes into the lock key while it holds the lock. */
  public String id() {
    return id;
  }

  /** How many of this lock's Puts came back ERR_MAYBE and were resolved by reading the key. */
  public long maybes() {
    return maybes;
  }

  /**
   * Completes when this client holds the lock; retries as long as it takes. Fails (with
   * IllegalStateException) if this client already holds it or another call is still running.
   */
  public CompletableFuture<Void> acquire() {
    return start(false, "acquire", this::tryAcquire);
  }

  /** Completes when the lock is free again. Fails if this client does not hold the lock. */
  public CompletableFuture<Void> release() {
    return start(true, "release", done -> tryRelease(done, false));
  }

  /** Hands the call to the node's thread (as the clerk does), where all the lock's state lives. */
  private CompletableFuture<Void> start(boolean mustHold, String what, Consumer<CompletableFuture<Void>> body) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    rt.schedule(0, () -> {
      if (busy) {
        done.completeExceptionally(new IllegalStateException(what + " of lock \"" + key + "\" while a"
            + " previous acquire or release is still running (one lock object is one client: wait for it first)"));
      } else if (held != mustHold) {
        done.completeExceptionally(new IllegalStateException(what + " of lock \"" + key + "\" by " + id
            + ", which " + (held ? "already holds it" : "does not hold it")));
      } else {
        busy = true;
        body.accept(done);
      }
    });
    return done;
  }

  private void tryAcquire(CompletableFuture<Void> done) {
    ck.get(key).whenComplete((r, e) -> {
      if (e != null) {
        finish(done, held, e);
      } else if (r.err() == Err.OK && id.equals(r.value())) {
        granted(done); // an earlier ERR_MAYBE Put of ours was applied
      } else if (r.err() == Err.ERR_NO_KEY || (r.err() == Err.OK && r.value().isEmpty())) {
        claim(done, r);
      } else {
        rt.schedule(pollNanos, () -> tryAcquire(done)); // held by another client
      }
    });
  }

  private void claim(CompletableFuture<Void> done, KvResult free) {
    long version = free.err() == Err.ERR_NO_KEY ? 0 : free.version();
    ck.put(key, id, version).whenComplete((err, e) -> {
      if (e != null) {
        finish(done, held, e);
      } else if (err == Err.OK) {
        granted(done);
      } else {
        maybes += err == Err.ERR_MAYBE ? 1 : 0;
        // ERR_VERSION or ERR_NO_KEY: another client got there first. ERR_MAYBE: read to find out.
        tryAcquire(done);
      }
    });
  }

  private void granted(CompletableFuture<Void> done) {
    finish(done, true, null);
  }

  private void released(CompletableFuture<Void> done) {
    finish(done, false, null);
  }

  /** Updates the state before completing, so the caller's continuation may call us again at once. */
  private void finish(CompletableFuture<Void> done, boolean nowHeld, Throwable failure) {
    held = nowHeld;
    busy = false;
    if (failure != null) {
      done.completeExceptionally(failure);
    } else {
      done.complete(null);
    }
  }

  private void tryRelease(CompletableFuture<Void> done, boolean putSent) {
    ck.get(key).whenComplete((r, e) -> {
      if (e != null) {
        finish(done, held, e);
      } else if (r.err() != Err.OK || !id.equals(r.value())) {
        if (putSent) {
          released(done); // our earlier ERR_MAYBE Put was applied
        } else {
          // Nobody may write the key while we hold it: this is a broken lock, not a retry.
          finish(done, held, new IllegalStateException("release of lock \"" + key + "\" by "
              + id + ": the lock key holds \"" + r.value() + "\" (" + r.err() + "), not our id"));
        }
      } else {
        ck.put(key, "", r.version()).whenComplete((err, e2) -> {
          if (e2 != null) {
            finish(done, held, e2);
          } else if (err == Err.OK) {
            released(done);
          } else {
            maybes += err == Err.ERR_MAYBE ? 1 : 0;
            // ERR_MAYBE: read to find out. ERR_VERSION: someone wrote the key we hold; the read
            // reports it (unless an earlier ERR_MAYBE Put of ours explains the change).
            tryRelease(done, putSent || err == Err.ERR_MAYBE);
          }
        });
      }
    });
  }
}
