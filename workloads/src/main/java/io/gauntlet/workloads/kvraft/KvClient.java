package io.gauntlet.workloads.kvraft;

import com.fasterxml.jackson.databind.node.NullNode;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvClerk;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.concurrent.CompletableFuture;

/**
 * A clerk whose every call is recorded in the history (model {@code kv}): get returns the value
 * ("" if absent); put and append return their argument. A call that ends in ERR_MAYBE is recorded
 * as {@code info} and the client moves to a fresh process number, as Jepsen's clients do.
 */
public final class KvClient {
  private final KvClerk clerk;
  private final SimHistory history;
  private int process;

  KvClient(KvClerk clerk, SimHistory history) {
    this.clerk = clerk;
    this.history = history;
    this.process = history.newProcess();
  }

  public KvClerk clerk() {
    return clerk;
  }

  public CompletableFuture<KvResult> get(String key) {
    history.invoke(process, "get", key, NullNode.getInstance(), null);
    return clerk.get(key).thenApply(r -> {
      if (r.err() == Err.ERR_MAYBE) {
        retire("timeout");
      } else {
        history.ok(process, SimHistory.JSON.textNode(r.err() == Err.ERR_NO_KEY ? "" : r.value()));
      }
      return r;
    });
  }

  public CompletableFuture<KvResult> put(String key, String value) {
    return write("put", key, value, clerk.put(key, value));
  }

  public CompletableFuture<KvResult> append(String key, String value) {
    return write("append", key, value, clerk.append(key, value));
  }

  private CompletableFuture<KvResult> write(String f, String key, String value, CompletableFuture<KvResult> call) {
    history.invoke(process, f, key, SimHistory.JSON.textNode(value), null);
    return call.thenApply(r -> {
      if (r.err() == Err.ERR_MAYBE) {
        retire("timeout");
      } else {
        history.ok(process, SimHistory.JSON.textNode(value));
      }
      return r;
    });
  }

  private void retire(String why) {
    history.info(process, why);
    process = history.newProcess();
  }
}
