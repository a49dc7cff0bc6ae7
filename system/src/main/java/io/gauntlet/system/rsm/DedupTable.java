package io.gauntlet.system.rsm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Duplicate detection: for each client, its highest applied sequence number and that command's
 * reply. A client has one command outstanding at a time, so a retry carries either the last seq
 * (answer from the table) or an older one (the client moved on; the answer is never read). Part of
 * every snapshot, so a restarted or lagging replica still recognises retries.
 */
public final class DedupTable {
  private record Last(long seq, byte[] reply) {}

  private final Map<Long, Last> last = new HashMap<>();

  /**
   * The reply already given to (client, seq); an empty array if seq is older than the client's
   * last (the client has moved on and will never read it); null if the command must be applied.
   */
  public byte[] duplicate(long client, long seq) {
    Last l = last.get(client);
    if (l == null || seq > l.seq) {
      return null;
    }
    return l.seq == seq ? l.reply : new byte[0];
  }

  public void record(long client, long seq, byte[] reply) {
    last.put(client, new Last(seq, reply));
  }

  public int size() {
    return last.size();
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeInt(last.size());
    for (Map.Entry<Long, Last> e : last.entrySet()) {
      out.writeLong(e.getKey());
      out.writeLong(e.getValue().seq);
      out.writeInt(e.getValue().reply.length);
      out.write(e.getValue().reply);
    }
  }

  public void read(DataInputStream in) throws IOException {
    last.clear();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      long client = in.readLong();
      long seq = in.readLong();
      byte[] reply = new byte[in.readInt()];
      in.readFully(reply);
      last.put(client, new Last(seq, reply));
    }
  }
}
