package io.gauntlet.system.rsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The labs' 4A tests (the RSM layer) with a counter state machine, in virtual time. */
class RsmTest {
  static final long MS = 1_000_000L;
  static final byte INC = 1;
  static final byte NULL = 2;
  static final byte DEC = 3;

  /** Inc returns the new count; Null does nothing; Dec must never be applied (it is only submitted in a minority). */
  static final class Counter implements StateMachine {
    long n;

    public byte[] apply(byte[] c) {
      if (c[0] == INC) {
        n++;
      } else if (c[0] == DEC) {
        throw new AssertionError("Dec reached the state machine: a minority leader's command was applied");
      }
      return ByteBuffer.allocate(8).putLong(n).array();
    }

    public byte[] snapshot() {
      return ByteBuffer.allocate(8).putLong(n).array();
    }

    public void restore(byte[] s) {
      n = ByteBuffer.wrap(s).getLong();
    }
  }

  static final class Server implements Node {
    final Counter counter = new Counter();
    final Rsm rsm;

    Server(Runtime rt, List<String> ids) {
      rsm = new Rsm(rt, ids, new RaftConfig(), counter, -1);
    }

    public void start() {
      rsm.start();
    }

    public void onMessage(String from, Message m) {
      rsm.handle(from, m);
    }

    @Override
    public void stop() {
      rsm.stop();
    }
  }

  static final class Cluster {
    final Simulation sim;
    final SimWorld world;
    final List<String> ids = List.of("r0", "r1", "r2");
    long seq;

    Cluster(long seed) {
      sim = new Simulation(seed);
      world = new SimWorld(sim, NetworkConfig.reliable());
      for (String id : ids) {
        world.add(id, rt -> new Server(rt, ids));
      }
    }

    Server server(int i) {
      return (Server) world.node(ids.get(i));
    }

    /** Offers the command to each connected server until one applies it (the labs' onePartition). */
    long submit(byte cmd, List<Integer> among) {
      long deadline = sim.now() + 10_000 * MS;
      long mySeq = ++seq;
      while (sim.now() < deadline) {
        for (int i : among) {
          Server s = server(i);
          if (s == null) {
            continue;
          }
          Outcome[] out = {null};
          s.rsm.submit(7, mySeq, new byte[] {cmd}, o -> out[0] = o);
          sim.runUntil(() -> out[0] != null, 2_000 * MS);
          if (out[0] != null && out[0].ok()) {
            return ByteBuffer.wrap(out[0].reply()).getLong();
          }
        }
        sim.runFor(50 * MS);
      }
      throw new AssertionError("no server applied the command in 10 s");
    }

    void awaitCounters(long v, int n) {
      boolean ok = sim.runUntil(() -> {
        int c = 0;
        for (int i = 0; i < 3; i++) {
          Server s = server(i);
          if (s != null && s.counter.n == v) {
            c++;
          }
        }
        return c >= n;
      }, 10_000 * MS);
      assertTrue(ok, "fewer than " + n + " servers reached counter " + v);
    }
  }

  static final List<Integer> ALL = List.of(0, 1, 2);

  @Test
  void basic() {
    Seeds.run(seed -> {
      Cluster c = new Cluster(seed);
      for (int i = 0; i < 10; i++) {
        assertEquals(i + 1, c.submit(INC, ALL));
        c.awaitCounters(i + 1, 3);
      }
    });
  }

  /** 50 Incs submitted at once to the leader: all applied, every counter reaches 50. */
  @Test
  void concurrent() {
    Seeds.run(seed -> {
      Cluster c = new Cluster(seed);
      c.submit(NULL, ALL);
      int leader = leader(c);
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        c.server(leader).rsm.submit(8, 100 + i, new byte[] {INC}, outcomes::add);
      }
      assertTrue(c.sim.runUntil(() -> outcomes.size() == 50, 10_000 * MS), "not every submit returned");
      assertTrue(outcomes.stream().allMatch(Outcome::ok), "a submit failed without a leadership change");
      c.awaitCounters(50, 3);
    });
  }

  /** Shutting every replica down makes every outstanding submit return (the labs' TestShutdown4A). */
  @Test
  void shutdownReturnsEverySubmit() {
    Seeds.run(seed -> {
      Cluster c = new Cluster(seed);
      c.submit(NULL, ALL);
      int leader = leader(c);
      // Cut the leader off so the submits stay pending: only the shutdown can end them.
      c.world.disconnect(c.ids.get(leader));
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        c.server(leader).rsm.submit(8, 100 + i, new byte[] {NULL}, outcomes::add);
      }
      c.sim.runFor(20 * MS);
      assertEquals(0, outcomes.size(), "a submit returned before the shutdown");
      for (int i = 0; i < 3; i++) {
        c.server(i).stop();
      }
      assertTrue(c.sim.runUntil(() -> outcomes.size() == 100, 11_000 * MS),
          "only " + outcomes.size() + " of 100 submits returned after shutdown");
    });
  }

  @Test
  void retriedSubmitIsAppliedOnce() {
    Seeds.run(seed -> {
      Cluster c = new Cluster(seed);
      assertEquals(1, c.submit(INC, ALL));
      c.seq--; // the same (client, seq) again, as a clerk's retry would
      assertEquals(1, c.submit(INC, ALL), "a retry was applied twice");
      c.awaitCounters(1, 3);
    });
  }

  @Test
  void leaderFailure() {
    Seeds.run(seed -> {
      Cluster c = new Cluster(seed);
      c.submit(INC, ALL);
      int leader = leader(c);
      c.world.disconnect(c.ids.get(leader));
      List<Integer> rest = new ArrayList<>(ALL);
      rest.remove(Integer.valueOf(leader));
      c.submit(INC, rest);
      c.world.connect(c.ids.get(leader));
      c.awaitCounters(2, 3);
    });
  }

  /** A leader partitioned into a minority must answer none of 100 submits with OK; after healing all return. */
  @Test
  void leaderPartition() {
    Seeds.run(seed -> {
      Cluster c = new Cluster(seed);
      c.submit(INC, ALL);
      int leader = leader(c);
      c.world.disconnect(c.ids.get(leader));
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        c.server(leader).rsm.submit(9, 1000 + i, new byte[] {DEC}, outcomes::add);
      }
      c.sim.runFor(1000 * MS);
      assertTrue(outcomes.stream().noneMatch(Outcome::ok), "a minority leader answered OK");
      List<Integer> rest = new ArrayList<>(ALL);
      rest.remove(Integer.valueOf(leader));
      c.submit(INC, rest);
      c.world.connect(c.ids.get(leader));
      c.sim.runFor(1000 * MS);
      assertEquals(100, outcomes.size(), "minority submits did not all return within 1 s of healing");
      assertFalse(outcomes.stream().anyMatch(Outcome::ok));
      c.awaitCounters(2, 3);
    });
  }

  @Test
  void restartReplay() {
    Seeds.run(seed -> {
      Cluster c = new Cluster(seed);
      for (int i = 0; i < 100; i++) {
        c.submit(INC, ALL);
      }
      for (String id : c.ids) {
        c.world.crash(id);
      }
      c.sim.runFor(1000 * MS);
      for (String id : c.ids) {
        c.world.restart(id);
      }
      assertEquals(101, c.submit(INC, ALL), "the log was not replayed after a restart");
      c.awaitCounters(101, 3);
    });
  }

  static int leader(Cluster c) {
    for (int tries = 0; tries < 100; tries++) {
      for (int i = 0; i < 3; i++) {
        if (c.server(i) != null && c.server(i).rsm.isLeader()) {
          return i;
        }
      }
      c.sim.runFor(50 * MS);
    }
    throw new AssertionError("no leader");
  }
}
