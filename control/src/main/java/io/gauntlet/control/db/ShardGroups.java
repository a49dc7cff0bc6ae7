package io.gauntlet.control.db;

import io.gauntlet.nemesis.ShardAdmin;
import io.gauntlet.system.client.ClusterAdmin;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.shardctrler.CtrlerClerk;
import io.gauntlet.system.shardctrler.ShardConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The shard controller of a running shardkv cluster, for the shard nemesis and the start-up joins. */
final class ShardGroups implements ShardAdmin {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private final ClusterAdmin admin;
  private final Map<Integer, List<String>> groups;

  ShardGroups(ClusterAdmin admin, ClusterSpec spec) {
    this.admin = admin;
    this.groups = spec.groups();
  }

  @Override
  public List<Integer> groups() {
    return new ArrayList<>(groups.keySet());
  }

  private ShardConfig call(String what, Function<CtrlerClerk, CompletableFuture<ShardConfig>> op) throws IOException {
    try {
      return admin.controller(op, TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during the shard controller's " + what);
    } catch (Exception e) {
      throw new IOException("shard controller " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Map<Integer, Integer> owners() throws IOException {
    ShardConfig c = call("query", ck -> ck.query(-1));
    Map<Integer, Integer> out = new TreeMap<>();
    for (int s = 0; s < c.nShards(); s++) {
      out.put(s, c.owner(s));
    }
    return out;
  }

  /** Joins every group at once: the cluster's first configuration. */
  void joinAll() throws IOException {
    call("join of every group", ck -> ck.join(groups));
  }

  @Override
  public void join(int gid) throws IOException {
    call("join " + gid, ck -> ck.join(Map.of(gid, groups.get(gid))));
  }

  @Override
  public void leave(int gid) throws IOException {
    call("leave " + gid, ck -> ck.leave(List.of(gid)));
  }

  @Override
  public void move(int shard, int gid) throws IOException {
    call("move " + shard + " to " + gid, ck -> ck.move(shard, gid));
  }
}
