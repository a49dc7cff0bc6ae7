package io.gauntlet.system.raft;

import static io.gauntlet.system.raft.sim.RaftCluster.cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.sim.RaftCluster;
import io.gauntlet.system.sim.NetworkConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The labs' 3B tests (log agreement), in virtual time. */
class RaftAgreementTest {
  static RaftCluster cluster(int n, long seed) {
    return new RaftCluster(n, seed, NetworkConfig.reliable(), new RaftConfig(), 0);
  }

  @Test
  void basicAgree() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      for (int index = 1; index <= 3; index++) {
        assertEquals(0, c.nCommitted(index), "some have committed before Start()");
        long x = c.one(cmd(index * 100L), 3, false);
        assertEquals(index, x, "got index " + x + " but expected " + index);
      }
    });
  }

  @Test
  void rpcBytes() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      c.one(cmd(99), 3, false);
      long bytes0 = c.rpcBytes();
      long sent = 0;
      for (int index = 2; index < 12; index++) {
        byte[] big = new byte[5000];
        c.sim().random().nextBytes(big);
        long x = c.one(big, 3, false);
        assertEquals(index, x);
        sent += big.length;
      }
      long got = c.rpcBytes() - bytes0;
      long expected = 3 * sent;
      assertTrue(got <= expected + 50_000, "too many RPC bytes; got " + got + ", expected " + expected);
    });
  }

  @Test
  void followerFailure() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      c.one(cmd(101), 3, false);
      int leader1 = c.checkOneLeader();
      c.disconnect((leader1 + 1) % 3);
      c.one(cmd(102), 2, false);
      c.runFor(1000);
      c.one(cmd(103), 2, false);
      int leader2 = c.checkOneLeader();
      c.disconnect((leader2 + 1) % 3);
      c.disconnect((leader2 + 2) % 3);
      RaftNode.Proposal p = c.raft(leader2).propose(cmd(104));
      assertTrue(p.isLeader(), "leader rejected Start()");
      assertEquals(4, p.index(), "expected index 4");
      c.runFor(2000);
      assertEquals(0, c.nCommitted(p.index()), "committed with no majority");
    });
  }

  @Test
  void leaderFailure() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      c.one(cmd(101), 3, false);
      int leader1 = c.checkOneLeader();
      c.disconnect(leader1);
      c.one(cmd(102), 2, false);
      c.runFor(1000);
      c.one(cmd(103), 2, false);
      int leader2 = c.checkOneLeader();
      c.disconnect(leader2);
      for (int i = 0; i < 3; i++) {
        c.raft(i).propose(cmd(104));
      }
      c.runFor(2000);
      assertEquals(0, c.nCommitted(4), "committed with no majority");
    });
  }

  @Test
  void failAgree() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      c.one(cmd(101), 3, false);
      int leader = c.checkOneLeader();
      c.disconnect((leader + 1) % 3);
      c.one(cmd(102), 2, false);
      c.one(cmd(103), 2, false);
      c.runFor(1000);
      c.one(cmd(104), 2, false);
      c.one(cmd(105), 2, false);
      c.connect((leader + 1) % 3);
      c.one(cmd(106), 3, true);
      c.runFor(1000);
      c.one(cmd(107), 3, true);
    });
  }

  @Test
  void failNoAgree() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(5, seed);
      c.one(cmd(10), 5, false);
      int leader = c.checkOneLeader();
      c.disconnect((leader + 1) % 5);
      c.disconnect((leader + 2) % 5);
      c.disconnect((leader + 3) % 5);
      RaftNode.Proposal p = c.raft(leader).propose(cmd(20));
      assertTrue(p.isLeader(), "leader rejected Start()");
      assertEquals(2, p.index(), "expected index 2");
      c.runFor(2000);
      assertEquals(0, c.nCommitted(p.index()), "committed with no majority");
      c.connect((leader + 1) % 5);
      c.connect((leader + 2) % 5);
      c.connect((leader + 3) % 5);
      int leader2 = c.checkOneLeader();
      RaftNode.Proposal p2 = c.raft(leader2).propose(cmd(30));
      assertTrue(p2.isLeader(), "leader2 rejected Start()");
      assertTrue(p2.index() >= 2 && p2.index() <= 3, "unexpected index " + p2.index());
      c.one(cmd(1000), 5, true);
    });
  }

  @Test
  void concurrentStarts() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      boolean success = false;
      loop:
      for (int attempt = 0; attempt < 5; attempt++) {
        if (attempt > 0) {
          c.runFor(3000);
        }
        int leader = c.checkOneLeader();
        RaftNode.Proposal first = c.raft(leader).propose(cmd(1));
        if (!first.isLeader()) {
          continue;
        }
        long term = first.term();
        List<Long> indices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          RaftNode.Proposal p = c.raft(leader).propose(cmd(100 + i));
          if (p.term() != term || !p.isLeader()) {
            continue loop;
          }
          indices.add(p.index());
        }
        List<Long> values = new ArrayList<>();
        for (long index : indices) {
          byte[] v = c.waitCommitted(index, 3, term);
          if (v == null) {
            continue loop; // term changed
          }
          values.add(RaftCluster.value(v));
        }
        for (int i = 0; i < 5; i++) {
          assertTrue(values.contains(100L + i), "cmd " + (100 + i) + " missing in " + values);
        }
        success = true;
        break;
      }
      assertTrue(success, "term changed too often");
    });
  }

  @Test
  void rejoin() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      c.one(cmd(101), 3, true);
      int leader1 = c.checkOneLeader();
      c.disconnect(leader1);
      c.raft(leader1).propose(cmd(102));
      c.raft(leader1).propose(cmd(103));
      c.raft(leader1).propose(cmd(104));
      c.one(cmd(103), 2, true);
      int leader2 = c.checkOneLeader();
      c.disconnect(leader2);
      c.connect(leader1);
      c.one(cmd(104), 2, true);
      c.connect(leader2);
      c.one(cmd(105), 3, true);
    });
  }

  @Test
  void backup() {
    Seeds.run(seed -> {
      int n = 5;
      RaftCluster c = cluster(n, seed);
      java.util.SplittableRandom r = c.sim().random().split();
      c.one(cmd(r.nextLong()), n, true);
      int leader1 = c.checkOneLeader();
      c.disconnect((leader1 + 2) % n);
      c.disconnect((leader1 + 3) % n);
      c.disconnect((leader1 + 4) % n);
      for (int i = 0; i < 50; i++) {
        c.raft(leader1).propose(cmd(r.nextLong()));
      }
      c.runFor(500);
      c.disconnect(leader1 % n);
      c.disconnect((leader1 + 1) % n);
      c.connect((leader1 + 2) % n);
      c.connect((leader1 + 3) % n);
      c.connect((leader1 + 4) % n);
      for (int i = 0; i < 50; i++) {
        c.one(cmd(r.nextLong()), 3, true);
      }
      int leader2 = c.checkOneLeader();
      int other = (leader1 + 2) % n;
      if (leader2 == other) {
        other = (leader2 + 1) % n;
      }
      c.disconnect(other);
      for (int i = 0; i < 50; i++) {
        c.raft(leader2).propose(cmd(r.nextLong()));
      }
      c.runFor(500);
      for (int i = 0; i < n; i++) {
        c.disconnect(i);
      }
      c.connect(leader1 % n);
      c.connect((leader1 + 1) % n);
      c.connect(other);
      for (int i = 0; i < 50; i++) {
        c.one(cmd(r.nextLong()), 3, true);
      }
      for (int i = 0; i < n; i++) {
        c.connect(i);
      }
      c.one(cmd(r.nextLong()), n, true);
      c.checkLogs();
    });
  }

  @Test
  void count() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      c.checkOneLeader();
      long total1 = c.rpcCount();
      assertTrue(total1 >= 1 && total1 <= 30, "too many or few RPCs (" + total1 + ") to elect initial leader");
      boolean success = false;
      long total2 = 0;
      loop:
      for (int attempt = 0; attempt < 5; attempt++) {
        if (attempt > 0) {
          c.runFor(3000);
        }
        int leader = c.checkOneLeader();
        total1 = c.rpcCount();
        int iters = 10;
        RaftNode.Proposal start = c.raft(leader).propose(cmd(1));
        if (!start.isLeader()) {
          continue;
        }
        List<byte[]> cmds = new ArrayList<>();
        for (int i = 1; i < iters + 2; i++) {
          byte[] x = cmd(c.sim().random().nextLong());
          cmds.add(x);
          RaftNode.Proposal p = c.raft(leader).propose(x);
          if (p.term() != start.term()) {
            continue loop;
          }
          assertTrue(p.isLeader(), "no longer leader but term unchanged");
          assertEquals(start.index() + i, p.index(), "Start() failed");
        }
        for (int i = 1; i < iters + 1; i++) {
          byte[] got = c.waitCommitted(start.index() + i, 3, start.term());
          if (got == null) {
            continue loop;
          }
          assertTrue(Arrays.equals(got, cmds.get(i - 1)), "wrong value committed at " + (start.index() + i));
        }
        for (int i = 0; i < 3; i++) {
          if (c.raft(i).term() != start.term()) {
            continue loop;
          }
        }
        total2 = c.rpcCount();
        assertTrue(total2 - total1 <= (iters + 1 + 3) * 3L,
            "too many RPCs (" + (total2 - total1) + ") for " + iters + " entries");
        success = true;
        break;
      }
      assertTrue(success, "term changed too often");
      c.runFor(1000);
      long total3 = c.rpcCount();
      assertTrue(total3 - total2 <= 3 * 20, "too many RPCs (" + (total3 - total2) + ") for 1 second of idleness");
    });
  }
}
