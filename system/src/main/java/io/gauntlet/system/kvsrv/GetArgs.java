package io.gauntlet.system.kvsrv;

import io.gauntlet.system.runtime.Message;

/** A Get to the versioned KV server; {@code call} is the clerk's call number, echoed in the reply. */
public record GetArgs(long call, String key) implements Message {
  @Override
  public int sizeBytes() {
    return 16 + key.length();
  }
}
