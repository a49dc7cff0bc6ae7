package io.gauntlet.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Which nodes a process fault hits, as Jepsen's node specs: one, minority, majority, all, leader. */
public enum Targets {
  ONE("one"), MINORITY("minority"), MAJORITY("majority"), ALL("all"), LEADER("leader");

  final String label;

  Targets(String label) {
    this.label = label;
  }

  public List<String> pick(NodeShell shell, RandomGenerator random) {
    List<String> nodes = Grudge.shuffled(shell.nodes(), random);
    int n = nodes.size();
    return switch (this) {
      case ONE -> nodes.subList(0, 1);
      case MINORITY -> nodes.subList(0, Math.max(1, (n - 1) / 2));
      case MAJORITY -> nodes.subList(0, n / 2 + 1);
      case ALL -> nodes;
      case LEADER -> List.of(shell.leader().orElse(nodes.get(0)));
    };
  }

  static List<String> copy(List<String> l) {
    return new ArrayList<>(l);
  }
}
