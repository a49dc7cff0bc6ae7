package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.shardctrler.Shards;
import java.util.ArrayList;
import java.util.List;

/** Test keys chosen by shard, since FNV-1a scatters names: the labs' "one key per shard" sets. */
final class Keys {
  private Keys() {}

  /** {@code perShard} keys for every shard, shard by shard: key i lives on shard i % nShards. */
  static List<String> spread(int nShards, int perShard) {
    List<List<String>> byShard = new ArrayList<>();
    for (int s = 0; s < nShards; s++) {
      byShard.add(new ArrayList<>());
    }
    int filled = 0;
    for (int i = 0; filled < nShards; i++) {
      String k = "k" + i;
      List<String> l = byShard.get(Shards.keyToShard(k, nShards));
      if (l.size() < perShard) {
        l.add(k);
        if (l.size() == perShard) {
          filled++;
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (int j = 0; j < perShard; j++) {
      for (int s = 0; s < nShards; s++) {
        out.add(byShard.get(s).get(j));
      }
    }
    return out;
  }
}
