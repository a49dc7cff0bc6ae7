package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The nemesis's iptables rules live in a chain of their own, {@code GAUNTLET}, jumped to from
 * INPUT, so healing flushes exactly what the nemesis added and nothing of the host's.
 */
public final class PacketFilter {
  public static final String CHAIN = "GAUNTLET";

  private PacketFilter() {}

  /** Creates the chain and its jump if missing; idempotent. */
  public static void ensureChain(NodeShell shell, String node) throws IOException {
    shell.exec(node, List.of("sh", "-c", "iptables -w -N " + CHAIN + " 2>/dev/null; iptables -w -C INPUT -j " + CHAIN
        + " 2>/dev/null || iptables -w -I INPUT -j " + CHAIN));
  }

  /** Drops every packet {@code node} receives from each of {@code from} (by address). */
  public static void drop(NodeShell shell, String node, List<String> from, double probability) throws IOException {
    ensureChain(shell, node);
    StringBuilder script = new StringBuilder();
    for (String peer : from) {
      script.append("iptables -w -A ").append(CHAIN).append(" -s ").append(shell.address(peer));
      if (probability < 1.0) {
        script.append(" -m statistic --mode random --probability ").append(probability);
      }
      script.append(" -j DROP && ");
    }
    script.append("true");
    shell.exec(node, List.of("sh", "-c", script.toString()));
  }

  /** Removes every rule the nemesis added on {@code node}. */
  public static void heal(NodeShell shell, String node) throws IOException {
    shell.exec(node, List.of("sh", "-c", "iptables -w -F " + CHAIN + " 2>/dev/null || true"));
  }

  /** Heals every node; collects failures and throws once, after trying all. */
  public static void healAll(NodeShell shell) throws IOException {
    List<String> failed = new ArrayList<>();
    for (String n : shell.nodes()) {
      try {
        heal(shell, n);
      } catch (IOException e) {
        failed.add(n + ": " + e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      throw new IOException("could not heal the packet filter on " + failed);
    }
  }
}
