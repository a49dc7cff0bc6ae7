package io.gauntlet.system.kvraft;

import io.gauntlet.system.runtime.Message;

/** A clerk's request; (client, seq) identifies it across retries. */
public record KvRequest(long client, long seq, KvOp op, String key, String value, long version) implements Message {
  @Override
  public int sizeBytes() {
    return 40 + key.length() + (value == null ? 0 : value.length());
  }
}
