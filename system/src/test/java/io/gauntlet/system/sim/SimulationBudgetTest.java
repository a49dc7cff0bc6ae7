package io.gauntlet.system.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import org.junit.jupiter.api.Test;

/** A livelocked or flooding run fails fast with "no progress" and what it was doing; it never hangs. */
class SimulationBudgetTest {
  /** Two nodes that answer every ping at once, forever: a livelock. */
  record Ping(long n) implements Message {}

  static final class PingPong implements Node {
    private final Runtime rt;
    private final String peer;

    PingPong(Runtime rt, String peer) {
      this.rt = rt;
      this.peer = peer;
    }

    @Override
    public void start() {
      if (rt.self().equals("a")) {
        rt.schedule(0, () -> rt.send(peer, new Ping(0))); // once b exists
      }
    }

    @Override
    public void onMessage(String from, Message m) {
      rt.send(peer, new Ping(((Ping) m).n() + 1));
    }
  }

  private static SimWorld pingPong(NetworkConfig net) {
    SimWorld w = new SimWorld(new Simulation(1), net);
    w.add("a", rt -> new PingPong(rt, "b"));
    w.add("b", rt -> new PingPong(rt, "a"));
    return w;
  }

  @Test
  void aClockThatStopsWhileEventsKeepComingIsReported() {
    NetworkConfig instant = NetworkConfig.reliable();
    instant.maxDelayNanos = 0; // every answer in zero time: virtual time can never advance
    SimWorld w = pingPong(instant);
    w.sim().budget(Long.MAX_VALUE, Long.MAX_VALUE, 10_000);
    NoProgress e = assertThrows(NoProgress.class, () -> w.sim().runFor(1_000_000_000L));
    assertTrue(e.getMessage().contains("the clock stopped"), e.getMessage());
    assertEquals(0, w.sim().now(), "no virtual time passed");
    assertTrue(w.sim().eventsRun() < 10_100, "ran " + w.sim().eventsRun() + " events past the budget");
    assertTrue(e.lastEvents().stream().anyMatch(l -> l.contains("a -> b Ping")), "last events: " + e.lastEvents());
    assertTrue(e.report().contains("b -> a Ping"), e.report());
  }

  @Test
  void aFloodThatOutrunsTheEventBudgetFails() {
    NetworkConfig dup = NetworkConfig.reliable();
    dup.duplicateRate = 0.5; // every duplicate starts one more chain that never ends
    SimWorld w = pingPong(dup);
    w.sim().budget(100_000, Long.MAX_VALUE, Long.MAX_VALUE);
    NoProgress e = assertThrows(NoProgress.class, () -> w.sim().runFor(3_600_000_000_000L));
    assertTrue(e.getMessage().contains("more than 100,000 events"), e.getMessage());
    assertTrue(w.sim().now() < 3_600_000_000_000L, "gave up before the hour of virtual time ran out");
  }

  @Test
  void virtualTimeIsBudgetedToo() {
    SimWorld w = pingPong(NetworkConfig.reliable());
    w.sim().budget(Long.MAX_VALUE, 2_000_000_000L, Long.MAX_VALUE);
    NoProgress e = assertThrows(NoProgress.class, () -> w.sim().runFor(10_000_000_000L));
    assertTrue(e.getMessage().contains("virtual time passed 2,000 ms"), e.getMessage());
  }

  @Test
  void aRunWithinItsBudgetIsUntouched() {
    SimWorld w = pingPong(NetworkConfig.reliable());
    w.sim().budget(1_000_000, 10_000_000_000L, 1_000);
    w.sim().runFor(100_000_000L); // 100 ms at up to 1 ms a hop
    assertTrue(w.sim().eventsRun() > 100, "the ping-pong ran: " + w.sim().eventsRun());
    assertEquals(100_000_000L, w.sim().now());
  }
}
