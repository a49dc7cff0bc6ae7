package io.gauntlet.workloads.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Jepsen's {@code register} workload: compare-and-set registers holding small integers (0-4), read,
 * written and CASed (50 / 25 / 25) by concurrent clients; keys rotate as in {@link KvWorkload}, so
 * each register's history stays small (model {@code cas-register}, per key). A CAS is a read of the
 * value and its version, then the versioned put at that version: it applies only if nothing was
 * written in between, so it succeeds exactly when the register still held {@code old}; a versioned
 * put refused is a {@code fail} (it did not apply), an unknown outcome {@code info}.
 */
public final class RegisterWorkload implements LiveWorkload {
  private final KvWorkload.Options options;
  private final SimHistory history;
  private final OpStats stats;
  private final KeyWindow keys;

  public RegisterWorkload(KvWorkload.Options options, SimHistory history, OpStats stats) {
    this.options = options;
    this.history = history;
    this.stats = stats;
    this.keys = new KeyWindow("r", options.activeKeys(), options.opsPerKey());
  }

  @Override
  public String model() {
    return "cas-register";
  }

  @Override
  public void run(IntFunction<KvClient> connect, long deadlineNanos) throws InterruptedException {
    ClientThreads.run(options.concurrency(), c -> client(connect, c, deadlineNanos));
  }

  private static JsonNode intOrNull(KvResult r) {
    return r.err() == Err.ERR_NO_KEY || r.value() == null ? NullNode.getInstance() : SimHistory.JSON.numberNode(Integer.parseInt(r.value()));
  }

  private void client(IntFunction<KvClient> connect, int client, long deadline) throws InterruptedException {
    SplittableRandom r = new SplittableRandom(options.seed() * 7919 + client);
    try (KvClient kv = connect.apply(client)) {
      int process = history.newProcess();
      while (System.nanoTime() < deadline) {
        String key = keys.keyFor(keys.nextOp(), r);
        int dice = r.nextInt(4);
        Outcome o;
        try {
          o = dice < 2 ? read(kv, process, key) : dice == 2 ? write(kv, process, key, r.nextInt(5))
              : cas(kv, process, key, r.nextInt(5), r.nextInt(5));
        } catch (TimeoutException e) {
          o = Outcome.INFO;
        }
        switch (o) {
          case OK -> stats.ok.incrementAndGet();
          case FAIL -> stats.fail.incrementAndGet();
          case INFO -> {
            history.info(process, "timeout");
            stats.info.incrementAndGet();
            process = history.newProcess();
          }
        }
      }
    }
  }

  private enum Outcome { OK, FAIL, INFO }

  private Outcome read(KvClient kv, int process, String key) throws TimeoutException, InterruptedException {
    history.invoke(process, "read", key, NullNode.getInstance(), null);
    KvResult res = kv.get(key);
    if (res.err() == Err.ERR_MAYBE) {
      return Outcome.INFO;
    }
    history.ok(process, intOrNull(res));
    return Outcome.OK;
  }

  private Outcome write(KvClient kv, int process, String key, int v) throws TimeoutException, InterruptedException {
    history.invoke(process, "write", key, SimHistory.JSON.numberNode(v), null);
    KvResult res = kv.put(key, Integer.toString(v));
    if (res.err() == Err.ERR_MAYBE) {
      return Outcome.INFO;
    }
    history.ok(process, SimHistory.JSON.numberNode(v));
    return Outcome.OK;
  }

  private Outcome cas(KvClient kv, int process, String key, int old, int neu) throws TimeoutException, InterruptedException {
    ArrayNode pair = SimHistory.JSON.arrayNode().add(old).add(neu);
    history.invoke(process, "cas", key, pair, null);
    KvResult cur = kv.get(key);
    if (cur.err() == Err.ERR_MAYBE) {
      return Outcome.INFO;
    }
    JsonNode seen = intOrNull(cur);
    if (seen.isNull() || seen.asInt() != old) {
      history.fail(process, "value is " + seen + ", not " + old);
      return Outcome.FAIL;
    }
    KvResult put = kv.put(key, Integer.toString(neu), cur.version());
    if (put.err() == Err.ERR_MAYBE) {
      return Outcome.INFO;
    }
    if (put.err() != Err.OK) {
      history.fail(process, "written in between (" + put.err() + ")");
      return Outcome.FAIL;
    }
    history.ok(process, pair);
    return Outcome.OK;
  }

  @Override
  public Map<String, String> finalReads(IntFunction<KvClient> connect, long giveUpNanos) {
    Map<String, String> out = new TreeMap<>();
    long until = System.nanoTime() + giveUpNanos;
    try (KvClient kv = connect.apply(0)) {
      int process = history.newProcess();
      for (String key : keys.used()) {
        String value = null;
        while (value == null && System.nanoTime() < until) {
          Outcome o;
          try {
            o = read(kv, process, key);
          } catch (TimeoutException | InterruptedException e) {
            o = Outcome.INFO;
          }
          if (o == Outcome.INFO) {
            history.info(process, "timeout");
            process = history.newProcess();
          } else {
            value = "read";
          }
        }
        out.put(key, value);
      }
    }
    return out;
  }
}
