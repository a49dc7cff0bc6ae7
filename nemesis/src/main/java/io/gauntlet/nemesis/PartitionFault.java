package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** A network partition by iptables: each node drops what its grudge says, until healed. */
public final class PartitionFault implements Fault {
  /** The shapes, as Jepsen names them. */
  public enum Shape {
    HALVES("halves"), RANDOM_HALVES("random-halves"), ONE("one"), LEADER("leader"),
    MAJORITIES_RING("majorities-ring"), BRIDGE("bridge"), ONE_WAY_HALVES("one-way-halves"), ONE_WAY_LEADER("one-way-leader");

    final String label;

    Shape(String label) {
      this.label = label;
    }
  }

  private final Shape shape;
  private final List<String> touched = new ArrayList<>();
  private final List<String[]> blocked = new ArrayList<>();

  public PartitionFault(Shape shape) {
    this.shape = shape;
  }

  /**
   * Every shape, the two aimed at the leader twice: the bugs that need a deposed leader still
   * acting (stale reads, lost writes) are the ones a random shape hits least often.
   */
  public static List<Fault> all() {
    List<Fault> out = new ArrayList<>();
    for (Shape s : Shape.values()) {
      out.add(new PartitionFault(s));
      if (s == Shape.LEADER || s == Shape.ONE_WAY_LEADER) {
        out.add(new PartitionFault(s));
      }
    }
    return out;
  }

  @Override
  public String name() {
    return "partition-" + shape.label;
  }

  @Override
  public String family() {
    return "partition";
  }

  @Override
  public String start(NodeShell shell, RandomGenerator random) throws IOException {
    List<String> nodes = shell.nodes();
    Grudge g = switch (shape) {
      case HALVES -> Grudge.halves(nodes);
      case RANDOM_HALVES -> Grudge.randomHalves(nodes, random);
      case ONE -> Grudge.isolate(nodes.get(random.nextInt(nodes.size())), nodes);
      case LEADER -> Grudge.isolate(shell.leader().orElse(nodes.get(random.nextInt(nodes.size()))), nodes);
      case MAJORITIES_RING -> Grudge.majoritiesRing(nodes, random);
      case BRIDGE -> Grudge.bridge(nodes, random);
      case ONE_WAY_HALVES -> {
        List<String> s = Grudge.shuffled(nodes, random);
        int k = s.size() / 2;
        yield Grudge.oneWay(s.subList(0, k), s.subList(k, s.size()));
      }
      case ONE_WAY_LEADER -> {
        String leader = shell.leader().orElse(nodes.get(random.nextInt(nodes.size())));
        List<String> rest = new ArrayList<>(nodes);
        rest.remove(leader);
        yield Grudge.oneWay(List.of(leader), rest); // the leader stops hearing acks, followers still hear it
      }
    };
    for (Map.Entry<String, Set<String>> e : g.drops().entrySet()) {
      if (shell.canFilterPackets()) {
        touched.add(e.getKey());
        PacketFilter.drop(shell, e.getKey(), List.copyOf(e.getValue()), 1.0);
      } else {
        // No packet filter of their own (loopback nodes): black-hole the proxied links instead.
        LinkToxics links = shell.links().orElseThrow(() -> new IOException("partitions need iptables or proxied links"));
        for (String from : e.getValue()) {
          links.add(from, e.getKey(), new LinkToxics.Toxic(LinkToxics.Toxic.Kind.TIMEOUT, 0, 0));
          blocked.add(new String[] {from, e.getKey()});
        }
      }
    }
    return shape.label + ": " + g.describe();
  }

  @Override
  public String stop(NodeShell shell) throws IOException {
    List<String> healed = new ArrayList<>(touched);
    for (String n : healed) {
      PacketFilter.heal(shell, n);
    }
    touched.clear();
    for (String[] link : blocked) {
      shell.links().orElseThrow().clear(link[0], link[1]);
      healed.add(link[0] + "->" + link[1]);
    }
    blocked.clear();
    return "healed " + String.join(" ", healed);
  }
}
