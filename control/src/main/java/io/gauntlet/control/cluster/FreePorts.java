package io.gauntlet.control.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports free on loopback right now (the OS picks them; a race with other programs is possible but rare). */
public final class FreePorts {
  private FreePorts() {}

  /** The first of {@code n} consecutive free ports. */
  public static int consecutive(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        base = s.getLocalPort();
      }
      if (base + n > 65535) {
        continue;
      }
      List<ServerSocket> held = new ArrayList<>();
      boolean ok = true;
      try {
        for (int i = 0; i < n; i++) {
          try {
            held.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
          } catch (IOException e) {
            ok = false;
            break;
          }
        }
      } finally {
        for (ServerSocket s : held) {
          s.close();
        }
      }
      if (ok) {
        return base;
      }
    }
    throw new IOException("no run of " + n + " free consecutive ports found on loopback");
  }
}
