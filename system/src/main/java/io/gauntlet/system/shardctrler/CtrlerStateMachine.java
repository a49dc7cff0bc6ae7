package io.gauntlet.system.shardctrler;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.rsm.OrderFreeDigest;
import io.gauntlet.system.rsm.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The controller's replicated state: every configuration ever made, so historical queries answer
 * exactly. Join, Leave and Move each make a new configuration; Join and Leave rebalance.
 */
public final class CtrlerStateMachine implements StateMachine {
  private final List<ShardConfig> configs = new ArrayList<>();
  private final int nShards;

  public CtrlerStateMachine(int nShards) {
    if (nShards < 1) {
      throw new IllegalArgumentException("NShards must be at least 1, not " + nShards);
    }
    this.nShards = nShards;
    configs.add(ShardConfig.initial(nShards));
  }

  /** Configuration {@code num}, or the latest if {@code num} is negative or not made yet. */
  public ShardConfig query(int num) {
    return num < 0 || num >= configs.size() ? configs.get(configs.size() - 1) : configs.get(num);
  }

  @Override
  public byte[] apply(byte[] command) {
    CtrlerCommand c = CtrlerCommand.decode(command);
    ShardConfig last = configs.get(configs.size() - 1);
    TreeMap<Integer, List<String>> groups = new TreeMap<>(last.groups());
    List<Integer> shards = new ArrayList<>(last.shards());
    Err err = Err.OK;
    switch (c.op()) {
      case JOIN -> {
        c.servers().forEach(groups::putIfAbsent); // a gid already present keeps its servers
        shards = Rebalancer.rebalance(shards, new ArrayList<>(groups.keySet()));
      }
      case LEAVE -> {
        c.gids().forEach(groups::remove);
        shards = Rebalancer.rebalance(shards, new ArrayList<>(groups.keySet()));
      }
      case MOVE -> {
        int gid = c.gids().get(0);
        if (c.shard() < 0 || c.shard() >= nShards || !groups.containsKey(gid)) {
          err = Err.ERR_WRONG_GROUP; // no such shard or group: no new configuration
        } else {
          shards.set(c.shard(), gid);
        }
      }
      case QUERY -> {
        return reply(Err.OK, query(c.num()));
      }
    }
    if (err != Err.OK) {
      return reply(err, last);
    }
    ShardConfig next = new ShardConfig(configs.size(), shards, groups);
    configs.add(next);
    return reply(Err.OK, next);
  }

  static byte[] reply(Err err, ShardConfig config) {
    return Codec.encode(out -> {
      out.writeByte(err.ordinal());
      config.write(out);
    });
  }

  static CtrlerReply decodeReply(long seq, byte[] b) {
    return Codec.decode(b, "shard controller reply", in -> {
      Err err = Err.values()[in.readByte()];
      return new CtrlerReply(seq, err, ShardConfig.read(in), null);
    });
  }

  /** How many configurations, and a sum of CRC32Cs over each (number, shards, groups and servers). */
  @Override
  public String digest() {
    OrderFreeDigest d = new OrderFreeDigest();
    for (ShardConfig c : configs) {
      d.add(c.num() + " " + c.shards() + " " + c.groups());
    }
    return configs.size() + ":" + d.hex();
  }

  @Override
  public byte[] snapshot() {
    return Codec.encode(out -> {
      out.writeInt(nShards);
      out.writeInt(configs.size());
      for (ShardConfig c : configs) {
        c.write(out);
      }
    });
  }

  @Override
  public void restore(byte[] snapshot) {
    List<ShardConfig> restored = Codec.decode(snapshot, "shard controller snapshot", in -> {
      int n = in.readInt();
      if (n != nShards) {
        throw new IllegalStateException("snapshot has NShards " + n + " but this controller runs with " + nShards);
      }
      int k = in.readInt();
      List<ShardConfig> list = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        list.add(ShardConfig.read(in));
      }
      return list;
    });
    configs.clear();
    configs.addAll(restored);
  }
}
