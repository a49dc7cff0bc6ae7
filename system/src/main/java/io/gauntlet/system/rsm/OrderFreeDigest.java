package io.gauntlet.system.rsm;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The sum of a CRC32C per part: the same for the same parts in any order, so two replicas whose
 * maps iterate differently digest equal states equally ({@link StateMachine#digest}).
 */
public final class OrderFreeDigest {
  private final CRC32C crc = new CRC32C();
  private long sum;

  /** Adds one part (a key and its value, say) to the sum. */
  public OrderFreeDigest add(String part) {
    crc.reset();
    crc.update(part.getBytes(StandardCharsets.UTF_8));
    sum += crc.getValue();
    return this;
  }

  /** The sum so far, in hex. */
  public String hex() {
    return Long.toHexString(sum);
  }
}
