package io.gauntlet.control.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

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

  /**
   * One campaign asks for node ports, then proxy ports, before binding any: they must not overlap
   * (about 6,000 ports, as ten toxic campaigns on loopback in a row would hold).
   */
  @Test
  void runsHandedOutBeforeAnyBindNeverOverlap() throws Exception {
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i % 2 == 0 ? 5 : 300;
      runs.add(new int[] {FreePorts.consecutive(n), n});
    }
    for (int i = 0; i < runs.size(); i++) {
      for (int j = i + 1; j < runs.size(); j++) {
        int[] a = runs.get(i);
        int[] b = runs.get(j);
        assertTrue(a[0] + a[1] <= b[0] || b[0] + b[1] <= a[0],
            "run " + a[0] + "+" + a[1] + " overlaps run " + b[0] + "+" + b[1]);
      }
    }
  }
}
