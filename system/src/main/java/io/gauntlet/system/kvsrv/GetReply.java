package io.gauntlet.system.kvsrv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.runtime.Message;

/** The server's answer to a {@link GetArgs}: OK with value and version, or ERR_NO_KEY. */
public record GetReply(long call, Err err, String value, long version) implements Message {
  @Override
  public int sizeBytes() {
    return 24 + (value == null ? 0 : value.length());
  }

  @Override
  public boolean isReply() {
    return true;
  }
}
