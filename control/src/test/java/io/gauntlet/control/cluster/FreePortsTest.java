package io.gauntlet.control.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Port runs for local clusters lie below the ephemeral range, where no outgoing connection takes them. */
class FreePortsTest {
  @Test
  void aRunIsFreeAndBelowTheEphemeralRange() throws Exception {
    for (int i = 0; i < 20; i++) {
      int base = FreePorts.consecutive(30);
      assertTrue(base >= 10_000 && base + 30 <= FreePorts.ephemeralLow(), "run " + base + ".." + (base + 29)
          + " reaches the ephemeral range from " + FreePorts.ephemeralLow());
      for (int p = base; p < base + 30; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          assertTrue(s.isBound());
        }
      }
    }
  }
}
