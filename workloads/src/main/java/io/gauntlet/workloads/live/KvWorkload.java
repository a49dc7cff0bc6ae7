package io.gauntlet.workloads.live;

import com.fasterxml.jackson.databind.node.NullNode;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The {@code kv} workload on real clients: {@code concurrency} client threads, each one logical
 * client ({@link KvClient}), doing get / append / put (40 / 50 / 10) on a sliding window of keys,
 * Jepsen's {@code independent} style: about {@code opsPerKey} calls go to each key, then it is
 * retired for a fresh one, so each key's history stays small enough to check exactly. Appends carry
 * unique values. Every call is recorded (model {@code kv}); a call that gives up is {@code info} and
 * its client continues as a new process. An optional rate limit spreads calls evenly.
 */
public final class KvWorkload implements LiveWorkload {
  /**
   * @param concurrency client threads
   * @param rate calls per second across all clients; 0 for as fast as they complete
   * @param activeKeys keys in use at once
   * @param opsPerKey calls per key before it is retired
   */
  public record Options(int concurrency, double rate, int activeKeys, int opsPerKey, long seed) {}

  private final Options options;
  private final SimHistory history;
  private final OpStats stats;
  private final KeyWindow keys;
  private volatile long deadline;
  private long startNanos;

  public KvWorkload(Options options, SimHistory history, OpStats stats) {
    this.options = options;
    this.history = history;
    this.stats = stats;
    this.keys = new KeyWindow("k", options.activeKeys(), options.opsPerKey());
  }

  @Override
  public String model() {
    return "kv";
  }

  /** Runs the clients until {@code deadlineNanos}; each client's last call may finish after it. */
  public void run(Supplier<KvClient> connect, long deadlineNanos) throws InterruptedException {
    run(c -> connect.get(), deadlineNanos);
  }

  /**
   * Like {@link #run(Supplier, long)}, with each client's connection made by {@code connect.apply(c)}
   * (for example bound to node c mod n, as Jepsen binds its clients).
   */
  @Override
  public void run(java.util.function.IntFunction<KvClient> connect, long deadlineNanos) throws InterruptedException {
    this.deadline = deadlineNanos;
    this.startNanos = System.nanoTime();
    ClientThreads.run(options.concurrency(), c -> client(connect, c));
  }

  /** Every key any call touched. */
  public Set<String> keysUsed() {
    return keys.used();
  }

  private void client(java.util.function.IntFunction<KvClient> connect, int client) throws InterruptedException {
    SplittableRandom r = new SplittableRandom(options.seed() * 7919 + client);
    try (KvClient kv = connect.apply(client)) {
      int process = history.newProcess();
      int n = 0;
      while (System.nanoTime() < deadline) {
        long op = keys.nextOp();
        if (!pace(op)) {
          break;
        }
        String key = keys.keyFor(op, r);
        int dice = r.nextInt(10);
        String f = dice < 4 ? "get" : dice < 9 ? "append" : "put";
        String value = f.equals("get") ? null : "p" + process + "." + (n++) + ";";
        history.invoke(process, f, key, value == null ? NullNode.getInstance() : SimHistory.JSON.textNode(value), null);
        KvResult res;
        try {
          res = switch (f) {
            case "get" -> kv.get(key);
            case "append" -> kv.append(key, value);
            default -> kv.put(key, value);
          };
        } catch (TimeoutException e) {
          res = KvResult.MAYBE;
        }
        if (res.err() == Err.ERR_MAYBE) {
          history.info(process, "timeout");
          stats.info.incrementAndGet();
          process = history.newProcess();
        } else if (f.equals("get")) {
          history.ok(process, SimHistory.JSON.textNode(res.err() == Err.ERR_NO_KEY ? "" : res.value()));
          stats.ok.incrementAndGet();
        } else {
          history.ok(process, SimHistory.JSON.textNode(value));
          stats.ok.incrementAndGet();
        }
      }
    }
  }

  /** Waits for call {@code op}'s slot under the rate limit; false if the deadline comes first. */
  private boolean pace(long op) throws InterruptedException {
    if (options.rate() <= 0) {
      return true;
    }
    long due = startNanos + (long) (op * 1e9 / options.rate());
    long wait = due - System.nanoTime();
    if (due >= deadline) {
      return false;
    }
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return true;
  }

  /**
   * After the faults are healed: one read of every key used, by a fresh client, each retried until
   * {@code giveUpNanos} passes. Recorded like any call; returns the values read (null: no answer).
   */
  @Override
  public java.util.Map<String, String> finalReads(java.util.function.IntFunction<KvClient> connect, long giveUpNanos) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    long until = System.nanoTime() + giveUpNanos;
    try (KvClient kv = connect.apply(0)) {
      int process = history.newProcess();
      for (String key : keys.used()) {
        String value = null;
        while (value == null && System.nanoTime() < until) {
          history.invoke(process, "get", key, NullNode.getInstance(), null);
          KvResult res;
          try {
            res = kv.get(key);
          } catch (TimeoutException | InterruptedException e) {
            res = KvResult.MAYBE;
          }
          if (res.err() == Err.ERR_MAYBE) {
            history.info(process, "timeout");
            stats.info.incrementAndGet();
            process = history.newProcess();
          } else {
            value = res.err() == Err.ERR_NO_KEY ? "" : res.value();
            history.ok(process, SimHistory.JSON.textNode(value));
            stats.ok.incrementAndGet();
          }
        }
        out.put(key, value);
      }
    }
    return out;
  }
}
