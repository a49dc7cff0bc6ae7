package io.gauntlet.system.kvraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A clerk told "overloaded" backs off and tries another server; its caller never sees the answer. */
class KvClerkOverloadTest {
  static final long MS = 1_000_000L;
  static final long RETRY = 100 * MS;

  @Test
  void anOverloadedAnswerMakesTheClerkBackOffAndTryTheNextServer() {
    Simulation sim = new Simulation(1);
    SimWorld world = new SimWorld(sim, NetworkConfig.reliable());
    world.add("s1", rt -> new FixedAnswerServer(rt, Err.ERR_OVERLOADED));
    world.add("s2", rt -> new FixedAnswerServer(rt, Err.OK));
    world.add("c", rt -> new KvClerk(rt, List.of("s1", "s2"), RETRY, 0));
    KvClerk clerk = (KvClerk) world.node("c");
    clerk.homeAt("s1", true);
    CompletableFuture<KvResult> get = clerk.get("k");
    sim.runFor(10 * RETRY);
    FixedAnswerServer s1 = (FixedAnswerServer) world.node("s1");
    FixedAnswerServer s2 = (FixedAnswerServer) world.node("s2");
    assertEquals(Err.OK, get.join().err(), "the caller gets the other server's answer, never ERR_OVERLOADED");
    assertEquals(1, s1.arrivals.size());
    assertEquals(1, s2.arrivals.size());
    long waited = s2.arrivals.get(0) - s1.arrivals.get(0);
    assertTrue(waited >= RETRY / 2 && waited < RETRY, "the clerk backs off for half a retry interval, then goes on: " + waited / MS + " ms");
  }
}
