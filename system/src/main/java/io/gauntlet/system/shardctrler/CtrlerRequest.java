package io.gauntlet.system.shardctrler;

import io.gauntlet.system.runtime.Message;

/** A controller clerk's request; (client, seq) identifies it across retries. */
public record CtrlerRequest(long client, long seq, CtrlerCommand command) implements Message {
  @Override
  public int sizeBytes() {
    return 48 + 32 * command.servers().size() + 4 * command.gids().size();
  }
}
