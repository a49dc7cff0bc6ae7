package io.gauntlet.workloads.kvsrv;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The labs' SpawnClientsAndWait in virtual time: {@code n} clients each run one iteration after
 * another until {@code nanos} of virtual time have passed since the start (an iteration that is
 * running then finishes first). The first failure of any iteration fails the run at once (other
 * clients may be stuck behind it, e.g. waiting for a lock the failed client holds).
 */
public final class ClientLoop {
  private ClientLoop() {}

  /**
   * @param client builds client {@code me}'s iteration; each call of the supplier starts one
   * @return the number of iterations each client completed
   */
  public static int[] run(KvsrvTestbed tb, int n, long nanos, IntFunction<Supplier<CompletableFuture<?>>> client) {
    long end = tb.sim().now() + nanos;
    int[] counts = new int[n];
    CompletableFuture<Void> all = new CompletableFuture<>();
    int[] running = {n};
    for (int me = 0; me < n; me++) {
      Supplier<CompletableFuture<?>> iteration = client.apply(me);
      CompletableFuture<Void> d = new CompletableFuture<>();
      d.whenComplete((v, e) -> {
        if (e != null) {
          all.completeExceptionally(e);
        } else if (--running[0] == 0) {
          all.complete(null);
        }
      });
      loop(tb, end, iteration, counts, me, d);
    }
    tb.await(all, nanos + KvsrvTestbed.CALL_LIMIT_NANOS, n + " clients");
    return counts;
  }

  private static void loop(KvsrvTestbed tb, long end, Supplier<CompletableFuture<?>> iteration, int[] counts, int me,
      CompletableFuture<Void> done) {
    if (tb.sim().now() >= end) {
      done.complete(null);
      return;
    }
    CompletableFuture<?> it;
    try {
      it = iteration.get();
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
      return;
    }
    it.whenComplete((v, e) -> {
      if (e != null) {
        done.completeExceptionally(e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
      } else {
        counts[me]++;
        loop(tb, end, iteration, counts, me, done);
      }
    });
  }
}
