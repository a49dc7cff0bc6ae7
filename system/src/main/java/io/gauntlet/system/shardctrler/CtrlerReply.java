package io.gauntlet.system.shardctrler;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.runtime.Message;

/** The controller's answer: the configuration made (or queried); a leader hint on ERR_WRONG_LEADER. */
public record CtrlerReply(long seq, Err err, ShardConfig config, String leaderHint) implements Message {
  @Override
  public int sizeBytes() {
    return 32 + (config == null ? 0 : 4 * config.nShards() + 32 * config.groups().size());
  }

  @Override
  public boolean isReply() {
    return true;
  }
}
