package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Delay and loss by the kernel's {@code tc netem} on the interface a node reaches its peers through
 * (Jepsen's {@code net/slow} and {@code net/flaky}): everything the node sends on it is delayed
 * 20-200 ms (jitter a quarter of that) and 0-20% of it lost. Only where the node's kernel has
 * {@code sch_netem}: VMs and real hosts usually do; a container host may not. The fault asks each
 * chosen node first ({@code tc qdisc replace} either works or fails with the kernel's reason) and
 * says which nodes could not, rather than pretending; if none could, the fault is a no-op that says
 * so. Not part of {@code all} (it needs a kernel module the other families do not).
 */
public final class NetemFault implements Fault {
  private final List<String> touched = new ArrayList<>();
  private final List<String> peers = new ArrayList<>(); // the address each touched node's interface leads to

  @Override
  public String name() {
    return "netem";
  }

  @Override
  public String family() {
    return "netem";
  }

  /** The shell line that finds the interface towards {@code peerAddress} into $dev. */
  static String deviceTowards(String peerAddress) {
    return "dev=$(ip -o route get " + peerAddress + " | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p'); [ -n \"$dev\" ] || { echo no route to "
        + peerAddress + " >&2; exit 1; }; ";
  }

  /** The netem parameters for a draw: delay and jitter in ms, loss in percent. */
  static String netemArgs(int delayMs, int lossPercent) {
    return "delay " + delayMs + "ms " + Math.max(1, delayMs / 4) + "ms" + (lossPercent > 0 ? " loss " + lossPercent + "%" : "");
  }

  @Override
  public String start(NodeShell shell, RandomGenerator random) throws IOException {
    List<String> nodes = Grudge.shuffled(shell.nodes(), random);
    int count = 1 + random.nextInt(nodes.size());
    int delay = 20 + 20 * random.nextInt(10); // 20 .. 200 ms
    int loss = 5 * random.nextInt(5); // 0 .. 20%
    String args = netemArgs(delay, loss);
    List<String> unable = new ArrayList<>();
    for (String n : nodes.subList(0, count)) {
      String peer = shell.nodes().stream().filter(x -> !x.equals(n)).findFirst().orElse(n);
      try {
        shell.exec(n, List.of("sh", "-c", deviceTowards(shell.address(peer)) + "modprobe sch_netem 2>/dev/null; "
            + "tc qdisc replace dev \"$dev\" root netem " + args + " && echo \"$dev\""));
        touched.add(n);
        peers.add(shell.address(peer));
      } catch (IOException e) {
        unable.add(n + " (" + reason(e.getMessage()) + ")");
      }
    }
    String done = touched.isEmpty() ? "no node" : String.join(" ", touched);
    return "netem " + args + " on " + done + (unable.isEmpty() ? "" : "; netem not available on " + String.join(", ", unable));
  }

  /** The node's own words: what follows "exited N: " in a failed command's message, its last line. */
  static String reason(String s) {
    if (s == null) {
      return "";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("exited \\d+: ").matcher(s);
    int from = 0;
    while (m.find()) {
      from = m.end();
    }
    String t = s.substring(from).strip();
    int nl = t.lastIndexOf('\n');
    return nl >= 0 ? t.substring(nl + 1).strip() : t;
  }

  @Override
  public String stop(NodeShell shell) throws IOException {
    List<String> healed = new ArrayList<>();
    IOException first = null;
    for (int i = 0; i < touched.size(); i++) {
      try {
        shell.exec(touched.get(i), List.of("sh", "-c", deviceTowards(peers.get(i)) + "tc qdisc del dev \"$dev\" root 2>/dev/null || true"));
        healed.add(touched.get(i));
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    touched.clear();
    peers.clear();
    if (first != null) {
      throw first;
    }
    return "healed " + (healed.isEmpty() ? "nothing" : String.join(" ", healed));
  }
}
