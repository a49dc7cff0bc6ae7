package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.shardkv.ShardKvClerk;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.concurrent.CompletableFuture;

/**
 * A shardkv clerk whose calls go into a history (kv model: get, put, append). ERR_MAYBE is an
 * {@code info} completion, after which the clerk records under a fresh process, as Jepsen requires.
 */
public final class RecordedClerk {
  private final ShardKvClerk clerk;
  private final SimHistory history;
  private int process;

  RecordedClerk(ShardKvClerk clerk, SimHistory history) {
    this.clerk = clerk;
    this.history = history;
    this.process = history.newProcess();
  }

  public ShardKvClerk clerk() {
    return clerk;
  }

  public CompletableFuture<KvResult> get(String key) {
    history.invoke(process, "get", key, null, null);
    return clerk.get(key).whenComplete((r, e) -> done(r, true));
  }

  public CompletableFuture<KvResult> put(String key, String value) {
    history.invoke(process, "put", key, SimHistory.JSON.textNode(value), null);
    return clerk.put(key, value).whenComplete((r, e) -> done(r, false));
  }

  public CompletableFuture<KvResult> append(String key, String value) {
    history.invoke(process, "append", key, SimHistory.JSON.textNode(value), null);
    return clerk.append(key, value).whenComplete((r, e) -> done(r, false));
  }

  private void done(KvResult r, boolean read) {
    if (r == null || r.err() == Err.ERR_MAYBE) {
      history.info(process, "ERR_MAYBE");
      process = history.newProcess();
    } else if (r.err() != Err.OK && r.err() != Err.ERR_NO_KEY) {
      history.fail(process, r.err().name());
    } else {
      history.ok(process, read ? SimHistory.JSON.textNode(r.value() == null ? "" : r.value()) : null);
    }
  }
}
