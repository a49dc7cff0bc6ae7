package io.gauntlet.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Who stops hearing whom: node to the set of nodes whose packets it drops. The partition shapes of
 * Jepsen's nemesis, computed from a node list (and the seeded random where the shape draws).
 */
public final class Grudge {
  private final Map<String, Set<String>> drops = new TreeMap<>();

  public Map<String, Set<String>> drops() {
    return Collections.unmodifiableMap(drops);
  }

  private void drop(String at, String from) {
    if (!at.equals(from)) {
      drops.computeIfAbsent(at, k -> new TreeSet<>()).add(from);
    }
  }

  /** Every node of {@code a} and every node of {@code b} stop hearing each other. */
  public static Grudge between(List<String> a, List<String> b) {
    Grudge g = new Grudge();
    for (String x : a) {
      for (String y : b) {
        g.drop(x, y);
        g.drop(y, x);
      }
    }
    return g;
  }

  /** Only {@code a}'s nodes stop hearing {@code b}'s (b still hears a): a one-way partition. */
  public static Grudge oneWay(List<String> a, List<String> b) {
    Grudge g = new Grudge();
    for (String x : a) {
      for (String y : b) {
        g.drop(x, y);
      }
    }
    return g;
  }

  /** The first half (rounded down) against the rest, in the given order. */
  public static Grudge halves(List<String> nodes) {
    int k = nodes.size() / 2;
    return between(nodes.subList(0, k), nodes.subList(k, nodes.size()));
  }

  public static Grudge randomHalves(List<String> nodes, RandomGenerator r) {
    return halves(shuffled(nodes, r));
  }

  /** {@code node} alone against everyone else. */
  public static Grudge isolate(String node, List<String> nodes) {
    List<String> rest = new ArrayList<>(nodes);
    rest.remove(node);
    return between(List.of(node), rest);
  }

  /**
   * Every node sees a majority, but no two see the same one: on a ring, each node hears only its
   * nearest neighbours (a majority counting itself). Raft can then elect leaders that cannot keep
   * a stable majority; Jepsen's {@code majorities-ring}.
   */
  public static Grudge majoritiesRing(List<String> nodes, RandomGenerator r) {
    List<String> ring = shuffled(nodes, r);
    int n = ring.size();
    int reach = n / 2; // hears itself + reach neighbours on each side... trimmed to a majority
    Grudge g = new Grudge();
    int majority = n / 2 + 1;
    for (int i = 0; i < n; i++) {
      Set<String> hears = new TreeSet<>();
      hears.add(ring.get(i));
      for (int d = 1; hears.size() < majority && d <= reach; d++) {
        hears.add(ring.get((i + d) % n));
        if (hears.size() < majority) {
          hears.add(ring.get((i - d + n) % n));
        }
      }
      for (String other : ring) {
        if (!hears.contains(other)) {
          g.drop(ring.get(i), other);
        }
      }
    }
    return g;
  }

  /**
   * Two halves joined by one bridge node that hears both; Jepsen's {@code bridge}. The bridge
   * can be part of two majorities at once.
   */
  public static Grudge bridge(List<String> nodes, RandomGenerator r) {
    List<String> s = shuffled(nodes, r);
    int k = s.size() / 2;
    String bridge = s.get(k);
    List<String> left = new ArrayList<>(s.subList(0, k));
    List<String> right = new ArrayList<>(s.subList(k + 1, s.size()));
    return between(left, right);
  }

  static List<String> shuffled(List<String> nodes, RandomGenerator r) {
    List<String> s = new ArrayList<>(nodes);
    for (int i = s.size() - 1; i > 0; i--) {
      Collections.swap(s, i, r.nextInt(i + 1));
    }
    return s;
  }

  /** A readable description: {@code n1 drops n3 n4; n2 drops n3 n4; ...}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    drops.forEach((at, from) -> {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(at).append(" drops ").append(String.join(" ", from));
    });
    return sb.length() == 0 ? "nothing" : sb.toString();
  }
}
