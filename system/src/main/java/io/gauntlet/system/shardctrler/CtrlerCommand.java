package io.gauntlet.system.shardctrler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A controller operation: Join (new groups and their servers), Leave (gids), Move (shard to gid) or
 * Query (configuration number; -1 or too large = latest). Travels in requests and in the log.
 */
public record CtrlerCommand(CtrlerOp op, SortedMap<Integer, List<String>> servers, List<Integer> gids, int shard, int num) {
  public static CtrlerCommand join(Map<Integer, List<String>> servers) {
    return new CtrlerCommand(CtrlerOp.JOIN, new TreeMap<>(servers), List.of(), 0, 0);
  }

  public static CtrlerCommand leave(List<Integer> gids) {
    return new CtrlerCommand(CtrlerOp.LEAVE, new TreeMap<>(), List.copyOf(gids), 0, 0);
  }

  public static CtrlerCommand move(int shard, int gid) {
    return new CtrlerCommand(CtrlerOp.MOVE, new TreeMap<>(), List.of(gid), shard, 0);
  }

  public static CtrlerCommand query(int num) {
    return new CtrlerCommand(CtrlerOp.QUERY, new TreeMap<>(), List.of(), 0, num);
  }

  byte[] encode() {
    return Codec.encode(out -> {
      out.writeByte(op.ordinal());
      out.writeInt(servers.size());
      for (var e : servers.entrySet()) {
        out.writeInt(e.getKey());
        out.writeInt(e.getValue().size());
        for (String s : e.getValue()) {
          out.writeUTF(s);
        }
      }
      out.writeInt(gids.size());
      for (int g : gids) {
        out.writeInt(g);
      }
      out.writeInt(shard);
      out.writeInt(num);
    });
  }

  static CtrlerCommand decode(byte[] b) {
    return Codec.decode(b, "shard controller command", in -> {
      CtrlerOp op = CtrlerOp.values()[in.readByte()];
      TreeMap<Integer, List<String>> servers = new TreeMap<>();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        int gid = in.readInt();
        int k = in.readInt();
        List<String> list = new ArrayList<>();
        for (int j = 0; j < k; j++) {
          list.add(in.readUTF());
        }
        servers.put(gid, list);
      }
      int g = in.readInt();
      List<Integer> gids = new ArrayList<>();
      for (int i = 0; i < g; i++) {
        gids.add(in.readInt());
      }
      return new CtrlerCommand(op, servers, gids, in.readInt(), in.readInt());
    });
  }
}
