package io.gauntlet.system.rsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RSM rule that an answer goes to a client only if the entry applied at the index its command
 * was given is that command: a deposed leader holding several pending submits, whose indexes the
 * new leader fills with other commands, must answer them all "wrong leader", never OK with the
 * result of someone else's command. Without CheckQuorum the deposed leader keeps believing it leads
 * until the new leader's entries reach it, so only the index check stands between it and a wrong
 * answer.
 */
class RsmIndexReuseTest {
  static final long MS = 1_000_000L;

  static final class Server implements Node {
    final RsmTest.Counter counter = new RsmTest.Counter();
    final Rsm rsm;

    Server(Runtime rt, List<String> ids) {
      RaftConfig cfg = new RaftConfig();
      cfg.checkQuorum = false;
      rsm = new Rsm(rt, ids, cfg, counter, -1);
    }

    public void start() {
      rsm.start();
    }

    public void onMessage(String from, Message m) {
      rsm.handle(from, m);
    }
  }

  @Test
  void aDeposedLeadersPendingSubmitsAreNeverAnsweredWithAnotherCommandsResult() {
    Seeds.run(seed -> {
      Simulation sim = new Simulation(seed);
      SimWorld world = new SimWorld(sim, NetworkConfig.reliable());
      List<String> ids = List.of("r0", "r1", "r2");
      for (String id : ids) {
        world.add(id, rt -> new Server(rt, ids));
      }
      assertTrue(sim.runUntil(() -> leader(world, ids) >= 0, 5_000 * MS), "no leader");
      int old = leader(world, ids);
      Server deposed = (Server) world.node(ids.get(old));
      long oldTerm = deposed.rsm.raft().term();
      long first = deposed.rsm.raft().core().lastIndex() + 1;
      List<Outcome> outcomes = new ArrayList<>();
      world.disconnect(ids.get(old)); // before any of the submits below can leave it
      for (int i = 0; i < 5; i++) {
        deposed.rsm.submit(1, i + 1, new byte[] {RsmTest.NULL}, outcomes::add);
      }
      // The others elect a leader and fill the same indexes with Incs.
      assertTrue(sim.runUntil(() -> {
        int l = leader(world, ids);
        return l >= 0 && l != old;
      }, 5_000 * MS), "no new leader");
      Server next = (Server) world.node(ids.get(leader(world, ids)));
      List<Outcome> incs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        next.rsm.submit(2, i + 1, new byte[] {1}, incs::add);
      }
      assertTrue(sim.runUntil(() -> incs.size() == 8, 5_000 * MS), "the new leader did not commit");
      assertEquals(0, outcomes.size(), "the deposed leader answered while cut off");
      assertTrue(deposed.rsm.raft().isLeader() && deposed.rsm.raft().term() == oldTerm, "still believes it leads");
      world.connect(ids.get(old));
      assertTrue(sim.runUntil(() -> outcomes.size() == 5 && deposed.rsm.raft().core().entryTerm(first) > oldTerm,
          5_000 * MS), "pending submits never answered, or the new leader's entries never reached the deposed one");
      for (Outcome o : outcomes) {
        assertEquals(Outcome.Status.WRONG_LEADER, o.status(),
            "a submit at the deposed leader was answered OK with the result of another command at its index");
      }
    });
  }

  private static int leader(SimWorld world, List<String> ids) {
    int found = -1;
    long best = -1;
    for (int i = 0; i < ids.size(); i++) {
      if (world.node(ids.get(i)) instanceof Server s && s.rsm.isLeader() && s.rsm.raft().term() > best) {
        found = i;
        best = s.rsm.raft().term();
      }
    }
    return found;
  }
}
