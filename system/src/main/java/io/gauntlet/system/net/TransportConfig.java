package io.gauntlet.system.net;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Transport limits and timings.
 *
 * @param maxFrameBytes largest frame body accepted or sent (the 4-byte length prefix not counted,
 *     by sender and receiver alike); a bigger length prefix is malformed
 * @param connectTimeout how long one connection attempt may take
 * @param minBackoff first delay before reconnecting to a peer that refused or dropped us
 * @param maxBackoff the delay doubles up to this bound; it resets only after a handshake succeeds
 * @param maxQueuedFrames frames held for a peer that is not connected; beyond it the oldest are
 *     dropped (sends are fire-and-forget, so a dead peer costs bounded memory)
 * @param ioThreads Netty event-loop threads
 * @param secret the cluster secret both ends of a connection must share (HMAC handshake)
 * @param handshakeTimeout an accepted connection that has not authenticated by then is closed
 * @param maxConnections accepted connections open at once; more are closed at once
 * @param maxUnauthenticated accepted connections still in their handshake at once; more are closed
 */
public record TransportConfig(
    int maxFrameBytes,
    Duration connectTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    int maxQueuedFrames,
    int ioThreads,
    byte[] secret,
    Duration handshakeTimeout,
    int maxConnections,
    int maxUnauthenticated) {

  public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;
  /**
   * The secret of transports not given one (tests, single-machine MapReduce). It still pins each
   * connection's sender id; a deployed cluster uses its own secret file.
   */
  public static final byte[] DEFAULT_SECRET = "gauntlet-default-secret-not-for-deployment".getBytes(StandardCharsets.UTF_8);

  public TransportConfig {
    if (maxFrameBytes < 64) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 64, got " + maxFrameBytes);
    }
    if (maxQueuedFrames < 1 || ioThreads < 1 || maxConnections < 1 || maxUnauthenticated < 1) {
      throw new IllegalArgumentException("maxQueuedFrames, ioThreads, maxConnections and maxUnauthenticated must be positive");
    }
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("the transport secret must not be empty");
    }
    secret = secret.clone();
  }

  public static TransportConfig defaults() {
    return new TransportConfig(DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(2), Duration.ofMillis(50),
        Duration.ofSeconds(2), 10_000, 1, DEFAULT_SECRET, Duration.ofSeconds(5), 1024, 64);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  public TransportConfig withBackoff(Duration min, Duration max) {
    return new TransportConfig(maxFrameBytes, connectTimeout, min, max, maxQueuedFrames, ioThreads, secret,
        handshakeTimeout, maxConnections, maxUnauthenticated);
  }

  public TransportConfig withMaxFrameBytes(int bytes) {
    return new TransportConfig(bytes, connectTimeout, minBackoff, maxBackoff, maxQueuedFrames, ioThreads, secret,
        handshakeTimeout, maxConnections, maxUnauthenticated);
  }

  public TransportConfig withSecret(byte[] clusterSecret) {
    return new TransportConfig(maxFrameBytes, connectTimeout, minBackoff, maxBackoff, maxQueuedFrames, ioThreads,
        clusterSecret, handshakeTimeout, maxConnections, maxUnauthenticated);
  }

  public TransportConfig withLimits(Duration handshake, int connections, int unauthenticated) {
    return new TransportConfig(maxFrameBytes, connectTimeout, minBackoff, maxBackoff, maxQueuedFrames, ioThreads,
        secret, handshake, connections, unauthenticated);
  }

  @Override
  public String toString() {
    return "TransportConfig[maxFrameBytes=" + maxFrameBytes + ", handshakeTimeout=" + handshakeTimeout
        + ", maxConnections=" + maxConnections + ", maxUnauthenticated=" + maxUnauthenticated + ", secret=(hidden)]";
  }
}
