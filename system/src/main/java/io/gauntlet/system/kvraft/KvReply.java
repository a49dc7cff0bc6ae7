package io.gauntlet.system.kvraft;

import io.gauntlet.system.runtime.Message;

/** A server's answer; {@code leaderHint} names the leader when {@code err} is ERR_WRONG_LEADER. */
public record KvReply(long seq, Err err, String value, long version, String leaderHint) implements Message {
  @Override
  public int sizeBytes() {
    return 32 + (value == null ? 0 : value.length());
  }

  @Override
  public boolean isReply() {
    return true;
  }
}
