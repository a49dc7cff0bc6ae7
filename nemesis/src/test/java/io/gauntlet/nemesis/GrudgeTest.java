package io.gauntlet.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GrudgeTest {
  static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

  static Set<String> hears(Grudge g, String node) {
    Set<String> h = new TreeSet<>(FIVE);
    h.removeAll(g.drops().getOrDefault(node, Set.of()));
    return h;
  }

  @Test
  void halvesCutsTwoFromThreeBothWays() {
    Grudge g = Grudge.halves(FIVE);
    assertEquals(Set.of("n1", "n2"), hears(g, "n1"));
    assertEquals(Set.of("n3", "n4", "n5"), hears(g, "n5"));
  }

  @Test
  void isolateLeavesOneNodeAlone() {
    Grudge g = Grudge.isolate("n3", FIVE);
    assertEquals(Set.of("n3"), hears(g, "n3"));
    assertEquals(Set.of("n1", "n2", "n4", "n5"), hears(g, "n1"));
  }

  @Test
  void majoritiesRingGivesEveryNodeADifferentMajority() {
    for (long seed = 0; seed < 50; seed++) {
      Grudge g = Grudge.majoritiesRing(FIVE, new SplittableRandom(seed));
      Set<Set<String>> views = new HashSet<>();
      for (String n : FIVE) {
        Set<String> h = hears(g, n);
        assertEquals(3, h.size(), "seed " + seed + ": " + n + " hears " + h);
        assertTrue(h.contains(n));
        views.add(h);
      }
      assertEquals(5, views.size(), "seed " + seed + ": every node sees its own majority");
    }
  }

  @Test
  void bridgeNodeHearsBothSides() {
    Grudge g = Grudge.bridge(FIVE, new SplittableRandom(7));
    long full = FIVE.stream().filter(n -> hears(g, n).size() == 5).count();
    assertEquals(1, full, "exactly one bridge node hears everyone: " + g.describe());
  }

  @Test
  void oneWayDropsOnlyOneDirection() {
    Grudge g = Grudge.oneWay(List.of("n1"), List.of("n2", "n3"));
    assertEquals(Set.of("n1", "n4", "n5"), hears(g, "n1"));
    assertEquals(Set.copyOf(FIVE), hears(g, "n2"));
    assertNotEquals(hears(g, "n1"), hears(g, "n2"));
  }
}
