package io.gauntlet.system.kvsrv;

import io.gauntlet.system.runtime.Message;

/**
 * A versioned Put: store {@code value} under {@code key} if the key's version is {@code version}.
 * {@code call} is the clerk's call number, echoed in the reply; the server keeps nothing about it.
 */
public record PutArgs(long call, String key, String value, long version) implements Message {
  @Override
  public int sizeBytes() {
    return 24 + key.length() + value.length();
  }
}
