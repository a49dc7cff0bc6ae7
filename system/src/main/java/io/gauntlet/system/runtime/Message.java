package io.gauntlet.system.runtime;

/**
 * A value sent between nodes. Implementations are immutable records that Jackson can serialize
 * (the TCP transport encodes them; the simulator passes them by reference).
 */
public interface Message {
  /**
   * An estimate of the encoded size in bytes, used by the simulator to count traffic (the labs'
   * RPC-bytes bound). Messages that carry payloads should count them.
   */
  default int sizeBytes() {
    return 64;
  }

  /**
   * Whether this message answers a request. The simulator's long-reordering fault, like the labs'
   * network, delays only replies.
   */
  default boolean isReply() {
    return false;
  }
}
