package io.gauntlet.control.testbed;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvOp;
import io.gauntlet.system.kvraft.KvReply;
import io.gauntlet.system.kvraft.KvRequest;
import io.gauntlet.system.kvraft.KvServer;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.NodeFactoryOverride;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;

/**
 * A deliberately broken kvraft replica for the test bed's own tests: it acknowledges every write
 * the moment it arrives, before Raft has replicated (or even accepted) it, then hands it to the real
 * server. A write sent to a follower, or to a leader cut off by a partition, is acknowledged and
 * lost. A campaign must flag it.
 */
public final class EarlyAckFixture implements NodeFactoryOverride {
  @Override
  public Node create(Runtime rt, ClusterSpec cluster, ClusterSpec.NodeSpec me) {
    KvServer real = new KvServer(rt, cluster.peersOf(me), cluster.raft().toConfig(cluster.frameLimit()), cluster.raft().maxRaftState());
    return new WrappedNode(real) {
      @Override
      public void onMessage(String from, Message m) {
        if (m instanceof KvRequest req && req.op() != KvOp.GET) {
          rt.send(from, new KvReply(req.seq(), Err.OK, req.value(), 0, null)); // the bug: ack before commit
        }
        real.onMessage(from, m);
      }
    };
  }
}
