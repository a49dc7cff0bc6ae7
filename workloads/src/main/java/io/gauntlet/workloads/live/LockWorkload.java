package io.gauntlet.workloads.live;

import com.fasterxml.jackson.databind.node.NullNode;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * The {@code lock} workload: lab 2's lock, built by each client on the service's get and
 * conditional put alone, on a few lock keys (rotating as in {@link KvWorkload}); clients acquire a
 * lock, hold it a few milliseconds and release it, and the history of each lock is checked against
 * the {@code mutex} model, so two clients holding one lock at once is a violation.
 *
 * <p>The lock key holds its holder's unique id, or "" when free. Acquire reads the key and, when it
 * is free, puts its id at the version read: of several racing clients exactly one put matches. A
 * put with an unknown outcome is resolved by reading again (the key holds our id exactly when our
 * put applied); an acquire that gives up after such a put is {@code info} (it may hold the lock),
 * one that gave up having only been refused is {@code fail}. Release reads the key and puts "" at
 * the version read; if the key no longer holds our id the lock was taken from us, recorded as a
 * failed release, and the checker sees two holders. After an {@code info} acquire or release the
 * client, as a new process, releases the lock if it still holds the old process's id, so a lost
 * reply does not wedge a lock.
 */
public final class LockWorkload implements LiveWorkload {
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(3);

  private final KvWorkload.Options options;
  private final SimHistory history;
  private final OpStats stats;
  private final KeyWindow keys;

  public LockWorkload(KvWorkload.Options options, SimHistory history, OpStats stats) {
    this.options = options;
    this.history = history;
    this.stats = stats;
    this.keys = new KeyWindow("l", options.activeKeys(), options.opsPerKey());
  }

  @Override
  public String model() {
    return "mutex";
  }

  @Override
  public void run(IntFunction<KvClient> connect, long deadlineNanos) throws InterruptedException {
    ClientThreads.run(options.concurrency(), c -> client(connect, c, deadlineNanos));
  }

  private enum Outcome { OK, FAIL, INFO }

  private void client(IntFunction<KvClient> connect, int client, long deadline) throws InterruptedException {
    SplittableRandom r = new SplittableRandom(options.seed() * 7919 + client);
    try (KvClient kv = connect.apply(client)) {
      // A process's id is its own: a later process of this client never mistakes an earlier one's lock for its own.
      String salt = Long.toHexString(r.nextLong());
      int process = history.newProcess();
      while (System.nanoTime() < deadline) {
        String id = "c" + client + "p" + process + "." + salt;
        String key = keys.keyFor(keys.nextOp(), r);
        history.invoke(process, "acquire", key, NullNode.getInstance(), null);
        Outcome got = acquire(kv, key, id);
        record(process, got, "acquire");
        if (got == Outcome.OK) {
          Thread.sleep(1 + r.nextInt(10));
          history.invoke(process, "release", key, NullNode.getInstance(), null);
          got = release(kv, key, id);
          record(process, got, "release");
        }
        if (got == Outcome.INFO) {
          process = history.newProcess();
          cleanUp(kv, key, id, process);
        }
      }
    }
  }

  private void record(int process, Outcome o, String what) {
    switch (o) {
      case OK -> {
        history.ok(process, NullNode.getInstance());
        stats.ok.incrementAndGet();
      }
      case FAIL -> {
        history.fail(process, what.equals("acquire") ? "gave up waiting" : "the lock was no longer ours");
        stats.fail.incrementAndGet();
      }
      case INFO -> {
        history.info(process, "timeout");
        stats.info.incrementAndGet();
      }
    }
  }

  private static KvResult call(Call c) throws InterruptedException {
    try {
      return c.run();
    } catch (TimeoutException e) {
      return KvResult.MAYBE;
    }
  }

  private interface Call {
    KvResult run() throws TimeoutException, InterruptedException;
  }

  private static boolean free(KvResult r) {
    return r.err() == Err.ERR_NO_KEY || r.err() == Err.OK && (r.value() == null || r.value().isEmpty());
  }

  private Outcome acquire(KvClient kv, String key, String id) throws InterruptedException {
    long until = System.nanoTime() + GIVE_UP_NANOS;
    boolean unsure = false;
    while (System.nanoTime() < until) {
      KvResult cur = call(() -> kv.get(key));
      if (cur.err() == Err.OK && id.equals(cur.value())) {
        return Outcome.OK; // an earlier put of ours with an unknown outcome was applied
      }
      if (cur.err() == Err.ERR_MAYBE || !free(cur)) {
        Thread.sleep(5); // held by another client, or no answer: read again
        continue;
      }
      KvResult put = call(() -> kv.put(key, id, cur.err() == Err.ERR_NO_KEY ? 0 : cur.version()));
      if (put.err() == Err.OK) {
        return Outcome.OK;
      }
      unsure |= put.err() == Err.ERR_MAYBE;
    }
    return unsure ? Outcome.INFO : Outcome.FAIL;
  }

  private Outcome release(KvClient kv, String key, String id) throws InterruptedException {
    long until = System.nanoTime() + GIVE_UP_NANOS;
    boolean tried = false;
    while (System.nanoTime() < until) {
      KvResult cur = call(() -> kv.get(key));
      if (cur.err() == Err.ERR_MAYBE) {
        continue;
      }
      if (cur.err() != Err.OK || !id.equals(cur.value())) {
        // Not ours: released by our own put whose reply was lost, or taken from us.
        return tried ? Outcome.OK : Outcome.FAIL;
      }
      KvResult put = call(() -> kv.put(key, "", cur.version()));
      if (put.err() == Err.OK) {
        return Outcome.OK;
      }
      tried |= put.err() == Err.ERR_MAYBE;
    }
    return Outcome.INFO;
  }

  /**
   * After an unknown acquire or release by the process that wrote {@code id}: if the lock still
   * holds that id, the next process releases it (recorded), so a lost reply does not wedge the lock.
   */
  private void cleanUp(KvClient kv, String key, String id, int process) throws InterruptedException {
    KvResult cur = call(() -> kv.get(key));
    if (cur.err() == Err.OK && id.equals(cur.value())) {
      history.invoke(process, "release", key, NullNode.getInstance(), null);
      Outcome o = release(kv, key, id);
      record(process, o, "release");
    }
  }

  /** Nothing to read back: the checker sees every acquire and release. */
  @Override
  public Map<String, String> finalReads(IntFunction<KvClient> connect, long giveUpNanos) {
    return new TreeMap<>();
  }
}
