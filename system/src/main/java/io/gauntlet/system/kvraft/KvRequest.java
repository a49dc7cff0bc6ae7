package io.gauntlet.system.kvraft;

import io.gauntlet.system.runtime.ClientRequest;

/** A clerk's request; (client, seq) identifies it across retries. */
public record KvRequest(long client, long seq, KvOp op, String key, String value, long version) implements ClientRequest {
  @Override
  public KvReply overloaded() {
    return new KvReply(seq, Err.ERR_OVERLOADED, null, 0, null);
  }

  @Override
  public int sizeBytes() {
    return 40 + key.length() + (value == null ? 0 : value.length());
  }
}
