package io.gauntlet.control.bench;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load: every client issues its next call as soon as its last one completes, for a
 * warm-up (not recorded) and then the measured duration. Latencies go into an HdrHistogram.
 */
final class ClosedLoop {
  /** One row of results. */
  record Result(long ops, double seconds, Histogram latencyMicros, long errors) {
    double opsPerSecond() {
      return ops / seconds;
    }
  }

  private ClosedLoop() {}

  static Result run(KvTarget target, String op, int clients, int keys, byte[] value, Duration warmup, Duration duration,
      long seed) throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong measuredOps = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + duration.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      SplittableRandom r = new SplittableRandom(seed * 1000 + c);
      int client = c;
      new Object() {
        void next() {
          long t = System.nanoTime();
          if (t >= end) {
            done.countDown();
            return;
          }
          String key = "key-" + r.nextInt(keys);
          CompletableFuture<?> f = op.equals("put") ? target.put(client, key, value) : target.get(client, key);
          f.whenComplete((x, err) -> {
            long now = System.nanoTime();
            if (err != null) {
              errors.incrementAndGet();
              firstError.compareAndSet(null, err);
            } else if (t >= measureFrom && now <= end) {
              recorder.recordValue(Math.max(1, (now - t) / 1000));
              measuredOps.incrementAndGet();
            }
            next();
          });
        }
      }.next();
    }
    if (!done.await(warmup.toSeconds() + duration.toSeconds() + 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("clients did not finish within a minute of the end");
    }
    if (errors.get() > 0 && measuredOps.get() == 0) {
      throw new IllegalStateException(target.name() + " " + op + ": every call failed: " + firstError.get(), firstError.get());
    }
    return new Result(measuredOps.get(), duration.toNanos() / 1e9, recorder.getIntervalHistogram(), errors.get());
  }
}
