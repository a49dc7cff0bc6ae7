package io.gauntlet.system.node;

import io.gauntlet.system.runtime.Message;

/**
 * A replica's state digest and the index it has applied through; {@code digest} is empty for a
 * node whose service offers none.
 */
public record StateDigest(String id, long applied, String digest) implements Message {
  @Override
  public boolean isReply() {
    return true;
  }
}
