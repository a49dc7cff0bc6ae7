package io.gauntlet.control.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs of ports free on loopback right now, for clusters on one machine. They are drawn below the
 * kernel's ephemeral range ({@code ip_local_port_range}): a port in that range can be taken by any
 * outgoing connection (say one node dialling another) between this check and the node's bind, which
 * made a 9-node cluster fail to start now and then. Below it only a program that binds that very
 * port can race us.
 *
 * <p>A run is free only until something binds it, and one campaign asks for several runs (node
 * ports, Toxiproxy API ports, proxy ports) before any process binds them: each run handed out is
 * therefore held back from later calls in this JVM for {@link #HOLD_MILLIS}, long enough for the
 * processes to bind it (after which the bind probe sees it taken). Without that, a campaign's proxy
 * run once covered one of its own node ports and the cluster file was refused.
 */
public final class FreePorts {
  private static final int LOWEST = 10_000;
  static final long HOLD_MILLIS = 3 * 60_000;
  private static final SplittableRandom RANDOM = new SplittableRandom();
  /** Runs handed out recently: {first port, count, handed-out time in ms}. */
  private static final List<long[]> HANDED_OUT = new ArrayList<>();

  private FreePorts() {}

  /** The first port of the kernel's ephemeral range (32768 where it cannot be read). */
  static int ephemeralLow() {
    try {
      // readAllLines, not readString: /proc files report size 0 and readString then returns one byte.
      String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }

  /** The first of {@code n} consecutive free ports. */
  public static synchronized int consecutive(int n) throws IOException {
    int high = ephemeralLow() - n;
    for (int attempt = 0; attempt < 200 && high > LOWEST; attempt++) {
      int base = LOWEST + RANDOM.nextInt(high - LOWEST);
      if (!handedOut(base, n) && allFree(base, n)) {
        return handOut(base, n);
      }
    }
    // Random picks miss when the free space is fragmented (many runs held): walk it in order.
    for (int base = LOWEST; base < high; base++) {
      if (!handedOut(base, n) && allFree(base, n)) {
        return handOut(base, n);
      }
    }
    throw new IOException("no run of " + n + " free consecutive ports found on loopback below " + ephemeralLow());
  }

  private static int handOut(int base, int n) {
    HANDED_OUT.add(new long[] {base, n, System.currentTimeMillis()});
    return base;
  }

  private static boolean handedOut(int base, int n) {
    long now = System.currentTimeMillis();
    HANDED_OUT.removeIf(r -> now - r[2] > HOLD_MILLIS);
    for (long[] r : HANDED_OUT) {
      if (base < r[0] + r[1] && r[0] < base + n) {
        return true;
      }
    }
    return false;
  }

  private static boolean allFree(int base, int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        held.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a probe
        }
      }
    }
  }
}
