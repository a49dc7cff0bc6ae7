package io.gauntlet.system.kvsrv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.runtime.Message;

/** The server's answer to a {@link PutArgs}: OK, ERR_VERSION or ERR_NO_KEY. */
public record PutReply(long call, Err err) implements Message {
  @Override
  public int sizeBytes() {
    return 16;
  }

  @Override
  public boolean isReply() {
    return true;
  }
}
