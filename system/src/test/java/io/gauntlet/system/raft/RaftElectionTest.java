package io.gauntlet.system.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.sim.RaftCluster;
import io.gauntlet.system.sim.NetworkConfig;
import org.junit.jupiter.api.Test;

/** The labs' 3A tests (leader election), in virtual time. */
class RaftElectionTest {
  static RaftCluster cluster(int n, long seed) {
    return new RaftCluster(n, seed, NetworkConfig.reliable(), new RaftConfig(), 0);
  }

  @Test
  void initialElection() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      c.checkOneLeader();
      c.runFor(50);
      long term1 = c.checkTerms();
      assertTrue(term1 >= 1, "term is " + term1 + ", but should be at least 1");
      c.runFor(2000);
      long term2 = c.checkTerms();
      // The labs only warn here; on a reliable simulated network a stable leader is required.
      assertEquals(term1, term2, "term changed although there were no failures");
      c.checkOneLeader();
    });
  }

  @Test
  void reElection() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      int leader1 = c.checkOneLeader();
      c.disconnect(leader1);
      c.checkOneLeader();
      c.connect(leader1);
      int leader2 = c.checkOneLeader();
      c.disconnect(leader2);
      c.disconnect((leader2 + 1) % 3);
      c.runFor(2000);
      c.checkNoLeader();
      c.connect((leader2 + 1) % 3);
      c.checkOneLeader();
      c.connect(leader2);
      c.checkOneLeader();
    });
  }

  @Test
  void manyElections() {
    Seeds.run(seed -> {
      int n = 7;
      RaftCluster c = cluster(n, seed);
      c.checkOneLeader();
      for (int iter = 0; iter < 10; iter++) {
        int i1 = c.sim().random().nextInt(n);
        int i2 = c.sim().random().nextInt(n);
        int i3 = c.sim().random().nextInt(n);
        c.disconnect(i1);
        c.disconnect(i2);
        c.disconnect(i3);
        c.checkOneLeader();
        c.connect(i1);
        c.connect(i2);
        c.connect(i3);
      }
      c.checkOneLeader();
    });
  }

  @Test
  void electionCountsRpcsAndIdleHeartbeats() {
    Seeds.run(seed -> {
      RaftCluster c = cluster(3, seed);
      c.checkOneLeader();
      long total1 = c.rpcCount();
      assertTrue(total1 >= 1 && total1 <= 30, "too many or few RPCs (" + total1 + ") to elect initial leader");
      long before = c.rpcCount();
      c.runFor(1000);
      long idle = c.rpcCount() - before;
      assertTrue(idle <= 60, "too many RPCs (" + idle + ") for 1 second of idleness");
    });
  }
}
