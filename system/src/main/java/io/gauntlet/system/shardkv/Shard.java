package io.gauntlet.system.shardkv;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One shard in one group: its status, its key/value data, and its duplicate-detection table (each
 * client's highest applied write sequence number in this shard). The table travels with the data,
 * so a write retried at the new owner after the old owner applied it is not applied twice.
 */
public final class Shard {
  ShardStatus status = ShardStatus.NONE;
  final Map<String, String> data = new HashMap<>();
  final Map<Long, Long> lastSeq = new HashMap<>();

  public ShardStatus status() {
    return status;
  }

  public int keys() {
    return data.size();
  }

  void clear() {
    data.clear();
    lastSeq.clear();
  }

  void writeContents(DataOutputStream out) throws IOException {
    out.writeInt(data.size());
    for (Map.Entry<String, String> e : data.entrySet()) {
      out.writeUTF(e.getKey());
      writeLong(out, e.getValue());
    }
    out.writeInt(lastSeq.size());
    for (Map.Entry<Long, Long> e : lastSeq.entrySet()) {
      out.writeLong(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  void readContents(DataInputStream in) throws IOException {
    clear();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      data.put(in.readUTF(), readLong(in));
    }
    int k = in.readInt();
    for (int i = 0; i < k; i++) {
      lastSeq.put(in.readLong(), in.readLong());
    }
  }

  /** Values may exceed writeUTF's 64 KiB limit (appends accumulate). */
  static void writeLong(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readLong(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
}
