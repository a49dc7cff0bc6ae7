package io.gauntlet.workloads.live;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * The {@code versioned-kv} workload: gets and versioned puts (50 / 50) on rotating keys (model
 * {@code versioned-kv}). A put names the version its client last read for the key (usually right,
 * often stale under contention), so both outcomes are common: OK, or ErrVersion as a {@code fail}
 * (it did not apply); ErrMaybe or a timeout is {@code info}.
 */
public final class VersionedKvWorkload implements LiveWorkload {
  private final KvWorkload.Options options;
  private final SimHistory history;
  private final OpStats stats;
  private final KeyWindow keys;

  public VersionedKvWorkload(KvWorkload.Options options, SimHistory history, OpStats stats) {
    this.options = options;
    this.history = history;
    this.stats = stats;
    this.keys = new KeyWindow("v", options.activeKeys(), options.opsPerKey());
  }

  @Override
  public String model() {
    return "versioned-kv";
  }

  static ObjectNode versioned(String value, long version) {
    ObjectNode o = SimHistory.JSON.objectNode();
    if (value == null) {
      o.putNull("value");
    } else {
      o.put("value", value);
    }
    o.put("version", version);
    return o;
  }

  @Override
  public void run(IntFunction<KvClient> connect, long deadlineNanos) throws InterruptedException {
    ClientThreads.run(options.concurrency(), c -> client(connect, c, deadlineNanos));
  }

  private void client(IntFunction<KvClient> connect, int client, long deadline) throws InterruptedException {
    SplittableRandom r = new SplittableRandom(options.seed() * 7919 + client);
    Map<String, Long> seen = new HashMap<>();
    try (KvClient kv = connect.apply(client)) {
      int process = history.newProcess();
      int n = 0;
      while (System.nanoTime() < deadline) {
        String key = keys.keyFor(keys.nextOp(), r);
        boolean info;
        try {
          if (r.nextBoolean()) {
            info = get(kv, process, key, seen) == null;
          } else {
            long version = seen.getOrDefault(key, 0L);
            String value = "p" + process + "." + (n++);
            history.invoke(process, "put", key, versioned(value, version), null);
            KvResult res = kv.put(key, value, version);
            info = res.err() == Err.ERR_MAYBE;
            if (res.err() == Err.OK) {
              history.ok(process, versioned(value, version));
              stats.ok.incrementAndGet();
              seen.put(key, version + 1);
            } else if (!info) {
              history.fail(process, res.err().name());
              stats.fail.incrementAndGet();
            }
          }
        } catch (TimeoutException e) {
          info = true;
        }
        if (info) {
          history.info(process, "timeout");
          stats.info.incrementAndGet();
          process = history.newProcess();
        }
      }
    }
  }

  /** A recorded get; the value read, or null if it gave up (the caller records the info). */
  private String get(KvClient kv, int process, String key, Map<String, Long> seen) throws TimeoutException, InterruptedException {
    history.invoke(process, "get", key, NullNode.getInstance(), null);
    KvResult res = kv.get(key);
    if (res.err() == Err.ERR_MAYBE) {
      return null;
    }
    boolean absent = res.err() == Err.ERR_NO_KEY;
    history.ok(process, versioned(absent ? null : res.value(), absent ? 0 : res.version()));
    stats.ok.incrementAndGet();
    seen.put(key, absent ? 0 : res.version());
    return absent ? "" : res.value();
  }

  @Override
  public Map<String, String> finalReads(IntFunction<KvClient> connect, long giveUpNanos) {
    Map<String, String> out = new TreeMap<>();
    long until = System.nanoTime() + giveUpNanos;
    try (KvClient kv = connect.apply(0)) {
      int process = history.newProcess();
      Map<String, Long> seen = new HashMap<>();
      for (String key : keys.used()) {
        String value = null;
        while (value == null && System.nanoTime() < until) {
          try {
            value = get(kv, process, key, seen);
          } catch (TimeoutException | InterruptedException e) {
            value = null;
          }
          if (value == null) {
            history.info(process, "timeout");
            process = history.newProcess();
          }
        }
        out.put(key, value);
      }
    }
    return out;
  }
}
