package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Concurrent recorded clients, each looping random Get/Put/Append calls on a key set (one call at
 * a time, a random pause between calls) until stopped. Written values are unique per call
 * ({@code <op><client>.<n> }), so the checker can tell every write apart.
 */
public final class ClientPool {
  private final ShardKvCluster c;
  private final SimHistory history;
  private boolean stopped;
  private int busy;
  private int next;

  public ClientPool(ShardKvCluster c, SimHistory history) {
    this.c = c;
    this.history = history;
  }

  /**
   * Starts a client: {@code getPct}% Gets, {@code putPct}% Puts, the rest Appends, with pauses up to
   * {@code maxPauseNanos}.
   */
  public void add(List<String> keys, SplittableRandom r, int getPct, int putPct, long maxPauseNanos) {
    RecordedClerk ck = c.newRecordedClerk(history);
    int id = next++;
    int[] n = {0};
    busy++;
    Runnable[] loop = new Runnable[1];
    loop[0] = () -> {
      if (stopped) {
        busy--;
        return;
      }
      String k = keys.get(r.nextInt(keys.size()));
      int p = r.nextInt(100);
      CompletableFuture<KvResult> f;
      if (p < getPct) {
        f = ck.get(k);
      } else if (p < getPct + putPct) {
        f = ck.put(k, "p" + id + "." + n[0]++ + " ");
      } else {
        f = ck.append(k, "a" + id + "." + n[0]++ + " ");
      }
      f.thenAccept(x -> c.sim().schedule(maxPauseNanos > 0 ? r.nextLong(maxPauseNanos) : 0, loop[0]));
    };
    c.sim().schedule(0, loop[0]);
  }

  /** Asks every client to stop after its current call. */
  public void stop() {
    stopped = true;
  }

  /** Clients whose last call has not finished. */
  public int busy() {
    return busy;
  }

  /** Stops the clients and runs until their last calls finish; false if that takes over {@code maxNanos}. */
  public boolean stopAndAwait(long maxNanos) {
    stop();
    return c.runUntil(() -> busy == 0, maxNanos);
  }
}
