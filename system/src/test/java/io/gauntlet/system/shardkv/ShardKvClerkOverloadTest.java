package io.gauntlet.system.shardkv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.FixedAnswerServer;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import io.gauntlet.system.shardctrler.CtrlerReply;
import io.gauntlet.system.shardctrler.CtrlerRequest;
import io.gauntlet.system.shardctrler.ShardConfig;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A sharded-KV clerk told "overloaded" backs off and tries the group's next server. */
class ShardKvClerkOverloadTest {
  static final long MS = 1_000_000L;
  static final long RETRY = 100 * MS;
  static final int SHARDS = 4;

  /** A controller whose every configuration gives all shards to group 100 = {s1, s2}. */
  record Controller(Runtime rt) implements Node {
    @Override
    public void start() {}

    @Override
    public void onMessage(String from, Message m) {
      TreeMap<Integer, List<String>> groups = new TreeMap<>();
      groups.put(100, List.of("s1", "s2"));
      ShardConfig config = new ShardConfig(1, Collections.nCopies(SHARDS, 100), groups);
      rt.send(from, new CtrlerReply(((CtrlerRequest) m).seq(), Err.OK, config, null));
    }
  }

  @Test
  void anOverloadedAnswerMakesTheClerkBackOffAndTryTheGroupsNextServer() {
    Simulation sim = new Simulation(1);
    SimWorld world = new SimWorld(sim, NetworkConfig.reliable());
    world.add("ctl", Controller::new);
    world.add("s1", rt -> new FixedAnswerServer(rt, Err.ERR_OVERLOADED));
    world.add("s2", rt -> new FixedAnswerServer(rt, Err.OK));
    world.add("c", rt -> new ShardKvClerk(rt, List.of("ctl"), SHARDS, RETRY, 0));
    CompletableFuture<KvResult> get = ((ShardKvClerk) world.node("c")).get("k");
    sim.runFor(10 * RETRY);
    FixedAnswerServer s1 = (FixedAnswerServer) world.node("s1");
    FixedAnswerServer s2 = (FixedAnswerServer) world.node("s2");
    assertEquals(Err.OK, get.join().err(), "the caller gets the other server's answer, never ERR_OVERLOADED");
    assertEquals(1, s1.arrivals.size(), "the clerk starts at the group's first server");
    assertEquals(1, s2.arrivals.size());
    long waited = s2.arrivals.get(0) - s1.arrivals.get(0);
    assertTrue(waited >= RETRY / 2 && waited < RETRY, "the clerk backs off for half a retry interval, then goes on: " + waited / MS + " ms");
  }
}
