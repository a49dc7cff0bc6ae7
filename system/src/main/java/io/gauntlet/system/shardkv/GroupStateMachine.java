package io.gauntlet.system.shardkv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvOp;
import io.gauntlet.system.rsm.OrderFreeDigest;
import io.gauntlet.system.rsm.StateMachine;
import io.gauntlet.system.shardctrler.Codec;
import io.gauntlet.system.shardctrler.ShardConfig;
import io.gauntlet.system.shardctrler.Shards;
import java.io.DataInputStream;
import java.util.Map;

/**
 * A shard group's replicated state: the current and previous configuration and every shard's
 * status, data and duplicate table. Every change, client writes and reconfiguration steps alike,
 * is a log entry applied here, so all replicas of the group agree on which shards they serve at
 * which point of the log:
 * <ul>
 *   <li>{@code CONFIG n}: only the next configuration, and only once every shard is settled
 *       (SERVING or NONE). Shards that stay keep serving; gained shards become PULLING (or SERVING
 *       at once if nobody had them); lost shards become BEPULLING (frozen until pulled).</li>
 *   <li>{@code INSTALL n s}: the pulled contents of a PULLING shard; it becomes GCING, i.e. served.</li>
 *   <li>{@code GC n s}: the new owner has the shard: drop the BEPULLING copy.</li>
 *   <li>{@code GC_DONE n s}: the old owner dropped its copy; GCING becomes SERVING.</li>
 * </ul>
 * Entries for another configuration number or a shard in another state are no-ops, so stale or
 * repeated proposals are harmless.
 */
public final class GroupStateMachine implements StateMachine {
  static final byte OP = 1;
  static final byte CONFIG = 2;
  static final byte INSTALL = 3;
  static final byte GC = 4;
  static final byte GC_DONE = 5;

  private final int gid;
  private final int nShards;
  private ShardConfig config;
  private ShardConfig prev;
  private final Shard[] shards;
  private boolean deleted; // a GC entry dropped data since the last snapshot
  private WriteObserver writeObserver;

  /** Told of each client write as it changes a shard's data, with the shard's status then. */
  public interface WriteObserver {
    void wrote(int shard, ShardStatus status, int configNum);
  }

  /** How many shards the key space has. */
  public int nShards() {
    return nShards;
  }

  public GroupStateMachine(int gid, int nShards) {
    this.gid = gid;
    this.nShards = nShards;
    this.config = ShardConfig.initial(nShards);
    this.prev = config;
    this.shards = new Shard[nShards];
    for (int i = 0; i < nShards; i++) {
      shards[i] = new Shard();
    }
  }

  public ShardConfig config() {
    return config;
  }

  /** The configuration before the current one (where PULLING shards come from). */
  public ShardConfig previous() {
    return prev;
  }

  public Shard shard(int s) {
    return shards[s];
  }

  public int shardOf(String key) {
    return Shards.keyToShard(key, nShards);
  }

  /**
   * Watches every client write (the simulator's soak checks that no write lands in a shard this
   * group does not serve: a handed-off shard is frozen until its new owner has it); null stops.
   */
  public void observeWrites(WriteObserver o) {
    this.writeObserver = o;
  }

  /** Whether this group serves {@code key} now. */
  public boolean serves(String key) {
    int s = shardOf(key);
    return config.owner(s) == gid && shards[s].status.served();
  }

  /** The value of a served key, or null if absent. */
  public String get(String key) {
    return shards[shardOf(key)].data.get(key);
  }

  /** Every shard settled: the next configuration may be taken. */
  public boolean settled() {
    for (Shard s : shards) {
      if (s.status != ShardStatus.SERVING && s.status != ShardStatus.NONE) {
        return false;
      }
    }
    return true;
  }

  // ---- log entries ----

  static byte[] op(KvOp op, String key, String value, long client, long seq) {
    return Codec.encode(out -> {
      out.writeByte(OP);
      out.writeByte(op.ordinal());
      out.writeUTF(key);
      Shard.writeLong(out, value == null ? "" : value);
      out.writeLong(client);
      out.writeLong(seq);
    });
  }

  static byte[] config(ShardConfig c) {
    return Codec.encode(out -> {
      out.writeByte(CONFIG);
      c.write(out);
    });
  }

  static byte[] install(PullReply r) {
    return Codec.encode(out -> {
      out.writeByte(INSTALL);
      out.writeInt(r.num());
      out.writeInt(r.shard());
      Shard s = new Shard();
      s.data.putAll(r.data());
      s.lastSeq.putAll(r.lastSeq());
      s.writeContents(out);
    });
  }

  static byte[] step(byte type, int num, int shard) {
    return Codec.encode(out -> {
      out.writeByte(type);
      out.writeInt(num);
      out.writeInt(shard);
    });
  }

  @Override
  public byte[] apply(byte[] command) {
    return Codec.decode(command, "shardkv log entry", in -> {
      byte type = in.readByte();
      switch (type) {
        case OP -> {
          return new byte[] {(byte) applyOp(KvOp.values()[in.readByte()], in.readUTF(), Shard.readLong(in), in.readLong(), in.readLong()).ordinal()};
        }
        case CONFIG -> applyConfig(ShardConfig.read(in));
        case INSTALL -> {
          int num = in.readInt();
          int s = in.readInt();
          Shard incoming = new Shard();
          incoming.readContents(in);
          if (num == config.num() && shards[s].status == ShardStatus.PULLING) {
            shards[s].clear();
            shards[s].data.putAll(incoming.data);
            shards[s].lastSeq.putAll(incoming.lastSeq);
            shards[s].status = ShardStatus.GCING;
          }
        }
        case GC -> {
          int num = in.readInt();
          int s = in.readInt();
          if (num == config.num() && shards[s].status == ShardStatus.BEPULLING) {
            shards[s].clear();
            shards[s].status = ShardStatus.NONE;
            deleted = true;
          }
        }
        case GC_DONE -> {
          int num = in.readInt();
          int s = in.readInt();
          if (num == config.num() && shards[s].status == ShardStatus.GCING) {
            shards[s].status = ShardStatus.SERVING;
          }
        }
        default -> throw new IllegalStateException("unknown entry type " + type);
      }
      return new byte[0];
    });
  }

  private Err applyOp(KvOp op, String key, String value, long client, long seq) {
    if (!serves(key)) {
      return Err.ERR_WRONG_GROUP; // not applied: the clerk asks the controller and goes elsewhere
    }
    Shard s = shards[shardOf(key)];
    Long last = s.lastSeq.get(client);
    if (last != null && last >= seq) {
      return Err.OK; // a retry of a write this shard already applied (here or at a previous owner)
    }
    switch (op) {
      case PUT -> s.data.put(key, value);
      case APPEND -> s.data.merge(key, value, String::concat);
      default -> throw new IllegalStateException("shardkv does not log " + op);
    }
    if (writeObserver != null) {
      writeObserver.wrote(shardOf(key), s.status, config.num());
    }
    s.lastSeq.put(client, seq);
    return Err.OK;
  }

  private void applyConfig(ShardConfig next) {
    if (next.num() != config.num() + 1 || !settled()) {
      return;
    }
    for (int s = 0; s < nShards; s++) {
      int was = config.owner(s);
      int now = next.owner(s);
      Shard sh = shards[s];
      if (now == gid && was != gid) {
        sh.clear();
        sh.status = was == 0 ? ShardStatus.SERVING : ShardStatus.PULLING;
      } else if (was == gid && now != gid) {
        if (now == 0) {
          sh.clear(); // every group left: nobody will pull it (the labs drop it too)
          sh.status = ShardStatus.NONE;
        } else {
          sh.status = ShardStatus.BEPULLING;
        }
      }
    }
    prev = config;
    config = next;
  }

  /**
   * The configuration numbers, and a sum of CRC32Cs over each shard's status and, for shards held
   * (status not NONE, as the snapshot holds them), each key/value and each client's last seq: the
   * same for replicas that applied the same log, whatever their maps' order or snapshot history.
   */
  @Override
  public String digest() {
    OrderFreeDigest d = new OrderFreeDigest();
    int keys = 0;
    for (int i = 0; i < shards.length; i++) {
      Shard sh = shards[i];
      d.add("status " + i + " " + sh.status);
      if (sh.status == ShardStatus.NONE) {
        continue;
      }
      for (Map.Entry<String, String> e : sh.data.entrySet()) {
        d.add("data " + i + " " + e.getKey() + "\u0000" + e.getValue());
        keys++;
      }
      for (Map.Entry<Long, Long> e : sh.lastSeq.entrySet()) {
        d.add("seq " + i + " " + e.getKey() + " " + e.getValue());
      }
    }
    return "config " + config.num() + "/" + prev.num() + " keys " + keys + ":" + d.hex();
  }

  /** After a handed-off shard is deleted, snapshot at once so the persisted state drops it too. */
  @Override
  public boolean snapshotWanted() {
    return deleted;
  }

  @Override
  public byte[] snapshot() {
    deleted = false;
    return Codec.encode(out -> {
      config.write(out);
      prev.write(out);
      for (Shard s : shards) {
        out.writeByte(s.status.ordinal());
        if (s.status != ShardStatus.NONE) {
          s.writeContents(out);
        }
      }
    });
  }

  @Override
  public void restore(byte[] snapshot) {
    Codec.decode(snapshot, "shardkv snapshot of group " + gid, (DataInputStream in) -> {
      config = ShardConfig.read(in);
      prev = ShardConfig.read(in);
      for (Shard s : shards) {
        s.status = ShardStatus.values()[in.readByte()];
        s.clear();
        if (s.status != ShardStatus.NONE) {
          s.readContents(in);
        }
      }
      return null;
    });
  }

  /** Encodes the contents of shard {@code s} into a pull reply for configuration {@code num}. */
  PullReply pullReply(int num, int s) {
    return new PullReply(num, s, Map.copyOf(shards[s].data), Map.copyOf(shards[s].lastSeq));
  }

}
