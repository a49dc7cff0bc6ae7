package io.gauntlet.system.shardkv;

import io.gauntlet.system.runtime.Message;
import java.util.Map;

/** The frozen contents of a handed-off shard: its data and its duplicate-detection table. */
public record PullReply(int num, int shard, Map<String, String> data, Map<Long, Long> lastSeq) implements Message {
  public PullReply {
    data = Map.copyOf(data);
    lastSeq = Map.copyOf(lastSeq);
  }

  @Override
  public int sizeBytes() {
    int n = 32 + 16 * lastSeq.size();
    for (Map.Entry<String, String> e : data.entrySet()) {
      n += e.getKey().length() + e.getValue().length() + 8;
    }
    return n;
  }

  @Override
  public boolean isReply() {
    return true;
  }
}
