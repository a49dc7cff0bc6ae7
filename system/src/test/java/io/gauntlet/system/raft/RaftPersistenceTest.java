package io.gauntlet.system.raft;

import static io.gauntlet.system.raft.sim.RaftCluster.cmd;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.sim.RaftCluster;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.Simulation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The labs' 3C tests (persistence, Figure 8, churn), in virtual time. */
class RaftPersistenceTest {
  static RaftCluster cluster(int n, long seed, boolean reliable) {
    return new RaftCluster(n, seed, reliable ? NetworkConfig.reliable() : NetworkConfig.unreliable(), new RaftConfig(), 0);
  }

  static void crashRestartAll(RaftCluster c) {
    for (int i = 0; i < c.size(); i++) {
      c.crash(i);
    }
    for (int i = 0; i < c.size(); i++) {
      c.restart(i);
    }
  }

  @Test
  void persist1() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed, true);
      c.one(cmd(11), 3, true);
      crashRestartAll(c);
      c.one(cmd(12), 3, true);
      int leader1 = c.checkOneLeader();
      c.crash(leader1);
      c.restart(leader1);
      c.one(cmd(13), 3, true);
      int leader2 = c.checkOneLeader();
      c.crash(leader2);
      c.one(cmd(14), 2, true);
      c.restart(leader2);
      c.waitCommitted(4, 3, -1);
      int i3 = (c.checkOneLeader() + 1) % 3;
      c.crash(i3);
      c.one(cmd(15), 2, true);
      c.restart(i3);
      c.one(cmd(16), 3, true);
    });
  }

  @Test
  void persist2() {
    Seeds.run(seed -> {
      int n = 5;
      RaftCluster c = cluster(n, seed, true);
      int index = 1;
      for (int iters = 0; iters < 5; iters++) {
        c.one(cmd(10 + index), n, true);
        index++;
        int leader1 = c.checkOneLeader();
        c.crash((leader1 + 1) % n);
        c.crash((leader1 + 2) % n);
        c.one(cmd(10 + index), n - 2, true);
        index++;
        c.crash(leader1 % n);
        c.crash((leader1 + 3) % n);
        c.crash((leader1 + 4) % n);
        c.restart((leader1 + 1) % n);
        c.restart((leader1 + 2) % n);
        c.runFor(1000);
        c.restart((leader1 + 3) % n);
        c.one(cmd(10 + index), n - 2, true);
        index++;
        c.restart((leader1 + 4) % n);
        c.restart(leader1 % n);
      }
      c.one(cmd(1000), n, true);
    });
  }

  @Test
  void persist3() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed, true);
      c.one(cmd(101), 3, true);
      int leader = c.checkOneLeader();
      c.disconnect((leader + 2) % 3);
      c.one(cmd(102), 2, true);
      c.crash(leader % 3);
      c.crash((leader + 1) % 3);
      c.connect((leader + 2) % 3);
      c.restart(leader % 3);
      c.one(cmd(103), 2, true);
      c.restart((leader + 1) % 3);
      c.one(cmd(104), 3, true);
    });
  }

  /** Figure 8: leaders crash right after appending; old-term entries must not be committed by counting. */
  @Test
  void figure8() {
    Seeds.run(seed -> {
      int n = 5;
      RaftCluster c = cluster(n, seed, true);
      SplittableRandom r = c.sim().random().split();
      c.one(cmd(r.nextLong()), 1, true);
      int nup = n;
      for (int iters = 0; iters < 1000; iters++) {
        int leader = -1;
        for (int i = 0; i < n; i++) {
          RaftNode rf = c.raft(i);
          if (rf != null && rf.propose(cmd(r.nextLong())).isLeader()) {
            leader = i;
          }
        }
        c.runFor(r.nextInt(1000) < 100 ? r.nextInt(500) : r.nextInt(13));
        if (leader != -1) {
          c.crash(leader);
          nup--;
        }
        if (nup < 3) {
          int s = r.nextInt(n);
          if (!c.alive(s)) {
            c.restart(s);
            nup++;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        c.restart(i);
      }
      c.one(cmd(r.nextLong()), n, true);
      c.checkLogs();
    });
  }

  @Test
  void unreliableAgree() {
    Seeds.run(seed -> {
      int n = 5;
      RaftCluster c = cluster(n, seed, false);
      for (int iters = 1; iters < 50; iters++) {
        List<byte[]> cmds = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
          cmds.add(cmd(100L * iters + j));
        }
        cmds.add(cmd(iters));
        c.oneConcurrent(cmds, 1);
      }
      c.setNetwork(NetworkConfig.reliable());
      c.one(cmd(100), n, true);
    });
  }

  @Test
  void figure8Unreliable() {
    Seeds.run(seed -> {
      int n = 5;
      RaftCluster c = cluster(n, seed, false);
      SplittableRandom r = c.sim().random().split();
      c.one(cmd(r.nextInt(10000)), 1, true);
      int nup = n;
      for (int iters = 0; iters < 1000; iters++) {
        if (iters == 200) {
          NetworkConfig lr = NetworkConfig.unreliable();
          lr.longReordering = true;
          c.setNetwork(lr);
        }
        int leader = -1;
        for (int i = 0; i < n; i++) {
          RaftNode rf = c.raft(i);
          if (rf.propose(cmd(r.nextInt(10000))).isLeader() && c.connected(i)) {
            leader = i;
          }
        }
        c.runFor(r.nextInt(1000) < 100 ? r.nextInt(500) : r.nextInt(13));
        if (leader != -1 && r.nextInt(1000) < 500) {
          c.disconnect(leader);
          nup--;
        }
        if (nup < 3) {
          int s = r.nextInt(n);
          if (!c.connected(s)) {
            c.connect(s);
            nup++;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        c.connect(i);
      }
      c.one(cmd(r.nextInt(10000)), n, true);
      c.checkLogs();
    });
  }

  @Test
  void reliableChurn() {
    Seeds.run(seed -> churn(seed, true));
  }

  @Test
  void unreliableChurn() {
    Seeds.run(seed -> churn(seed, false));
  }

  /** Three clients keep starting commands everywhere while nodes crash, restart and disconnect. */
  private static void churn(long seed, boolean reliable) {
    int n = 5;
    RaftCluster c = cluster(n, seed, reliable);
    SplittableRandom r = c.sim().random().split();
    Set<Long> seen = new HashSet<>();
    boolean[] stop = {false};
    for (int me = 0; me < 3; me++) {
      new ChurnClient(c, me, r.split(), seen, stop).next();
    }
    for (int iters = 0; iters < 20; iters++) {
      if (r.nextInt(1000) < 200) {
        c.disconnect(r.nextInt(n));
      }
      if (r.nextInt(1000) < 500) {
        int i = r.nextInt(n);
        if (!c.alive(i)) {
          c.restart(i);
        }
        c.connect(i);
      }
      if (r.nextInt(1000) < 200) {
        int i = r.nextInt(n);
        if (c.alive(i)) {
          c.crash(i);
        }
      }
      c.runFor(700);
    }
    c.runFor(1000);
    c.setNetwork(NetworkConfig.reliable());
    for (int i = 0; i < n; i++) {
      if (!c.alive(i)) {
        c.restart(i);
      }
      c.connect(i);
    }
    stop[0] = true;
    long last = c.one(cmd(r.nextLong()), n, true);
    Set<Long> really = new HashSet<>();
    for (long index = 1; index <= last; index++) {
      really.add(RaftCluster.value(c.waitCommitted(index, n, -1)));
    }
    for (long v : seen) {
      assertTrue(really.contains(v), "didn't find a value a client saw committed: " + v);
    }
    c.checkLogs();
  }

  /** The labs' churn client as a chain of simulator events (the labs run it as a goroutine). */
  private static final class ChurnClient {
    private static final long[] WAITS_MS = {10, 20, 50, 100, 200};
    private final RaftCluster c;
    private final Simulation sim;
    private final int me;
    private final SplittableRandom r;
    private final Set<Long> seen;
    private final boolean[] stop;

    ChurnClient(RaftCluster c, int me, SplittableRandom r, Set<Long> seen, boolean[] stop) {
      this.c = c;
      this.sim = c.sim();
      this.me = me;
      this.r = r;
      this.seen = seen;
      this.stop = stop;
    }

    void next() {
      if (stop[0]) {
        return;
      }
      long x = r.nextLong();
      long index = -1;
      for (int i = 0; i < c.size(); i++) {
        RaftNode rf = c.raft(i);
        if (rf != null) {
          RaftNode.Proposal p = rf.propose(cmd(x));
          if (p.isLeader()) {
            index = p.index();
          }
        }
      }
      if (index < 0) {
        sim.schedule((79 + me * 17L) * RaftCluster.MS, this::next);
      } else {
        poll(x, index, 0);
      }
    }

    private void poll(long x, long index, int attempt) {
      if (c.nCommitted(index) > 0) {
        if (RaftCluster.value(c.committedAt(index)) == x) {
          seen.add(x);
        }
        next();
        return;
      }
      if (attempt == WAITS_MS.length) {
        next();
        return;
      }
      sim.schedule(WAITS_MS[attempt] * RaftCluster.MS, () -> poll(x, index, attempt + 1));
    }
  }
}
