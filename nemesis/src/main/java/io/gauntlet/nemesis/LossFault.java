package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Random packet loss (iptables statistic match) on the links into a random subset of nodes. */
public final class LossFault implements Fault {
  private final List<String> touched = new ArrayList<>();

  @Override
  public String name() {
    return "loss";
  }

  @Override
  public String family() {
    return "loss";
  }

  @Override
  public String start(NodeShell shell, RandomGenerator random) throws IOException {
    List<String> nodes = Grudge.shuffled(shell.nodes(), random);
    int count = 1 + random.nextInt(nodes.size());
    double p = 0.1 + 0.1 * random.nextInt(4); // 10% .. 40%
    for (String n : nodes.subList(0, count)) {
      List<String> peers = new ArrayList<>(shell.nodes());
      peers.remove(n);
      PacketFilter.drop(shell, n, peers, p);
      touched.add(n);
    }
    return String.format("%.0f%% of packets from peers dropped at %s", p * 100, String.join(" ", touched));
  }

  @Override
  public String stop(NodeShell shell) throws IOException {
    List<String> healed = new ArrayList<>(touched);
    for (String n : healed) {
      PacketFilter.heal(shell, n);
    }
    touched.clear();
    return "healed " + String.join(" ", healed);
  }
}
