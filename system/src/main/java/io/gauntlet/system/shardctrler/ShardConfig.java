package io.gauntlet.system.shardctrler;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One configuration of the sharded service: its number, the group (gid) serving each shard (0 =
 * none), and the servers of each group. Immutable. Configuration 0 has no groups.
 */
public record ShardConfig(int num, List<Integer> shards, SortedMap<Integer, List<String>> groups) {
  public ShardConfig {
    shards = List.copyOf(shards);
    TreeMap<Integer, List<String>> g = new TreeMap<>();
    groups.forEach((gid, servers) -> g.put(gid, List.copyOf(servers)));
    groups = Collections.unmodifiableSortedMap(g);
  }

  /** Configuration 0: no groups, every shard unassigned. */
  public static ShardConfig initial(int nShards) {
    return new ShardConfig(0, Collections.nCopies(nShards, 0), new TreeMap<>());
  }

  public int nShards() {
    return shards.size();
  }

  public int owner(int shard) {
    return shards.get(shard);
  }

  /** The servers of {@code gid}, or an empty list if it is not in this configuration. */
  public List<String> servers(int gid) {
    return groups.getOrDefault(gid, List.of());
  }

  /** The shards {@code gid} serves, ascending. */
  public List<Integer> shardsOf(int gid) {
    List<Integer> out = new ArrayList<>();
    for (int s = 0; s < shards.size(); s++) {
      if (shards.get(s) == gid) {
        out.add(s);
      }
    }
    return out;
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeInt(num);
    out.writeInt(shards.size());
    for (int gid : shards) {
      out.writeInt(gid);
    }
    out.writeInt(groups.size());
    for (Map.Entry<Integer, List<String>> e : groups.entrySet()) {
      out.writeInt(e.getKey());
      out.writeInt(e.getValue().size());
      for (String s : e.getValue()) {
        out.writeUTF(s);
      }
    }
  }

  public static ShardConfig read(DataInputStream in) throws IOException {
    int num = in.readInt();
    int n = in.readInt();
    List<Integer> shards = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      shards.add(in.readInt());
    }
    int g = in.readInt();
    TreeMap<Integer, List<String>> groups = new TreeMap<>();
    for (int i = 0; i < g; i++) {
      int gid = in.readInt();
      int k = in.readInt();
      List<String> servers = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        servers.add(in.readUTF());
      }
      groups.put(gid, servers);
    }
    return new ShardConfig(num, shards, groups);
  }

  @Override
  public String toString() {
    return "config " + num + " shards=" + shards + " groups=" + groups.keySet();
  }
}
