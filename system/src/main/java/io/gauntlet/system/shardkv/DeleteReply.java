package io.gauntlet.system.shardkv;

import io.gauntlet.system.runtime.Message;

/** The old owner no longer holds {@code shard} of configuration {@code num}. */
public record DeleteReply(int num, int shard) implements Message {
  @Override
  public boolean isReply() {
    return true;
  }
}
