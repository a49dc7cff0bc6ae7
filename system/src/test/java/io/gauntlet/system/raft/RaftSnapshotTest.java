package io.gauntlet.system.raft;

import static io.gauntlet.system.raft.sim.RaftCluster.cmd;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.sim.RaftCluster;
import io.gauntlet.system.sim.NetworkConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The labs' 3D tests (snapshots, InstallSnapshot), in virtual time. */
class RaftSnapshotTest {
  static final int SNAPSHOT_INTERVAL = 10;
  static final long MAX_LOG_SIZE = 2000;

  static RaftCluster cluster(long seed, boolean reliable) {
    return new RaftCluster(3, seed, reliable ? NetworkConfig.reliable() : NetworkConfig.unreliable(),
        new RaftConfig(), SNAPSHOT_INTERVAL);
  }

  private static void snapCommon(long seed, boolean disconnect, boolean reliable, boolean crash) {
    int n = 3;
    RaftCluster c = cluster(seed, reliable);
    SplittableRandom r = c.sim().random().split();
    c.one(cmd(r.nextLong()), n, true);
    int leader1 = c.checkOneLeader();
    for (int i = 0; i < 30; i++) {
      int victim = (leader1 + 1) % n;
      int sender = leader1;
      if (i % 3 == 1) {
        sender = (leader1 + 1) % n;
        victim = leader1;
      }
      if (disconnect) {
        c.disconnect(victim);
        c.one(cmd(r.nextLong()), n - 1, true);
      }
      if (crash) {
        c.crash(victim);
        c.one(cmd(r.nextLong()), n - 1, true);
      }
      int nn = SNAPSHOT_INTERVAL / 2 + r.nextInt(SNAPSHOT_INTERVAL);
      for (int k = 0; k < nn; k++) {
        RaftNode s = c.raft(sender);
        if (s != null) {
          s.propose(cmd(r.nextLong()));
        }
      }
      if (!disconnect && !crash) {
        c.one(cmd(r.nextLong()), n, true);
      } else {
        c.one(cmd(r.nextLong()), n - 1, true);
      }
      long size = c.raftStateBytes();
      assertTrue(size < MAX_LOG_SIZE, "persisted Raft state too large: " + size + " >= " + MAX_LOG_SIZE + " bytes");
      if (disconnect) {
        c.connect(victim);
        c.one(cmd(r.nextLong()), n, true);
        leader1 = c.checkOneLeader();
      }
      if (crash) {
        c.restart(victim);
        c.one(cmd(r.nextLong()), n, true);
        leader1 = c.checkOneLeader();
      }
    }
    c.checkLogs();
  }

  @Test
  void snapshotBasic() {
    Seeds.run(seed -> snapCommon(seed, false, true, false));
  }

  @Test
  void snapshotInstall() {
    Seeds.run(seed -> snapCommon(seed, true, true, false));
  }

  @Test
  void snapshotInstallUnreliable() {
    Seeds.run(seed -> snapCommon(seed, true, false, false));
  }

  @Test
  void snapshotInstallCrash() {
    Seeds.run(seed -> snapCommon(seed, false, true, true));
  }

  @Test
  void snapshotInstallUnCrash() {
    Seeds.run(seed -> snapCommon(seed, false, false, true));
  }

  /** Crash and restart every peer repeatedly: the snapshot and the log tail must both persist. */
  @Test
  void snapshotAllCrash() {
    Seeds.run(seed -> {
      int n = 3;
      RaftCluster c = cluster(seed, false);
      SplittableRandom r = c.sim().random().split();
      c.one(cmd(r.nextLong()), n, true);
      for (int i = 0; i < 5; i++) {
        int nn = SNAPSHOT_INTERVAL / 2 + r.nextInt(SNAPSHOT_INTERVAL);
        for (int k = 0; k < nn; k++) {
          c.one(cmd(r.nextLong()), n, true);
        }
        long index1 = c.one(cmd(r.nextLong()), n, true);
        for (int k = 0; k < n; k++) {
          c.crash(k);
        }
        for (int k = 0; k < n; k++) {
          c.restart(k);
        }
        long index2 = c.one(cmd(r.nextLong()), n, true);
        assertTrue(index2 >= index1 + 1, "index decreased from " + index1 + " to " + index2);
      }
    });
  }

  /** A restarted peer must keep its snapshot when it next persists (the labs' Save(raft, nil) bug). */
  @Test
  void snapshotInit() {
    Seeds.run(seed -> {
      int n = 3;
      RaftCluster c = cluster(seed, false);
      SplittableRandom r = c.sim().random().split();
      c.one(cmd(r.nextLong()), n, true);
      for (int i = 0; i < SNAPSHOT_INTERVAL + 1; i++) {
        c.one(cmd(r.nextLong()), n, true);
      }
      for (int round = 0; round < 2; round++) {
        for (int k = 0; k < n; k++) {
          c.crash(k);
        }
        for (int k = 0; k < n; k++) {
          c.restart(k);
        }
        c.one(cmd(r.nextLong()), n, true);
      }
    });
  }
}
