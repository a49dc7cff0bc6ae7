package io.gauntlet.system.net;

import java.time.Duration;

/**
 * Transport limits and timings.
 *
 * @param maxFrameBytes largest frame accepted or sent; a bigger length prefix is malformed
 * @param connectTimeout how long one connection attempt may take
 * @param minBackoff first delay before reconnecting to a peer that refused or dropped us
 * @param maxBackoff the delay doubles up to this bound
 * @param maxQueuedFrames frames held for a peer that is not connected; beyond it the oldest are
 *     dropped (sends are fire-and-forget, so a dead peer costs bounded memory)
 * @param ioThreads Netty event-loop threads
 */
public record TransportConfig(
    int maxFrameBytes,
    Duration connectTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    int maxQueuedFrames,
    int ioThreads) {

  public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

  public TransportConfig {
    if (maxFrameBytes < 64) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 64, got " + maxFrameBytes);
    }
    if (maxQueuedFrames < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("maxQueuedFrames and ioThreads must be positive");
    }
  }

  public static TransportConfig defaults() {
    return new TransportConfig(
        DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(2), 10_000, 1);
  }

  public TransportConfig withBackoff(Duration min, Duration max) {
    return new TransportConfig(maxFrameBytes, connectTimeout, min, max, maxQueuedFrames, ioThreads);
  }

  public TransportConfig withMaxFrameBytes(int bytes) {
    return new TransportConfig(bytes, connectTimeout, minBackoff, maxBackoff, maxQueuedFrames, ioThreads);
  }
}
