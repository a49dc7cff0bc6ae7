package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Reconfiguration as a fault (sharded clusters): {@code shard-leave} makes a random joined group
 * leave, so its shards move to the others while clients write, and joins it back on heal (its
 * shards move again); {@code shard-move} moves a random third of the shards, each to a random
 * other joined group, and moves them back on heal.
 */
public final class ShardFault implements Fault {
  private final boolean leave;
  private Integer left;
  private final Map<Integer, Integer> moved = new TreeMap<>();

  private ShardFault(boolean leave) {
    this.leave = leave;
  }

  public static List<Fault> all() {
    return List.of(new ShardFault(true), new ShardFault(false));
  }

  @Override
  public String name() {
    return leave ? "shard-leave" : "shard-move";
  }

  @Override
  public String family() {
    return "shard";
  }

  private static ShardAdmin admin(NodeShell shell) throws IOException {
    return shell.shards().orElseThrow(() -> new IOException("shard faults need a sharded cluster (--workload shardkv)"));
  }

  @Override
  public String start(NodeShell shell, RandomGenerator random) throws IOException {
    ShardAdmin admin = admin(shell);
    Map<Integer, Integer> owners = admin.owners();
    List<Integer> joined = new ArrayList<>(new java.util.TreeSet<>(owners.values()));
    joined.remove(Integer.valueOf(0));
    if (joined.size() < 2) {
      return "nothing: fewer than two groups joined";
    }
    if (leave) {
      int gid = joined.get(random.nextInt(joined.size()));
      admin.leave(gid);
      left = gid;
      return "group " + gid + " left";
    }
    List<Integer> shards = new ArrayList<>(owners.keySet());
    StringBuilder what = new StringBuilder("moved");
    for (int i = 0; i < Math.max(1, shards.size() / 3); i++) {
      int shard = shards.remove(random.nextInt(shards.size()));
      int from = owners.get(shard);
      List<Integer> others = new ArrayList<>(joined);
      others.remove(Integer.valueOf(from));
      int to = others.get(random.nextInt(others.size()));
      admin.move(shard, to);
      moved.put(shard, from);
      what.append(" shard ").append(shard).append(' ').append(from).append("->").append(to).append(';');
    }
    return what.toString();
  }

  @Override
  public String stop(NodeShell shell) throws IOException {
    if (left == null && moved.isEmpty()) {
      return "nothing to heal";
    }
    ShardAdmin admin = admin(shell);
    if (left != null) {
      int gid = left;
      admin.join(gid);
      left = null;
      return "group " + gid + " joined again";
    }
    StringBuilder what = new StringBuilder("moved back");
    for (Map.Entry<Integer, Integer> e : moved.entrySet()) {
      admin.move(e.getKey(), e.getValue());
      what.append(" shard ").append(e.getKey()).append("->").append(e.getValue()).append(';');
    }
    moved.clear();
    return what.toString();
  }
}
