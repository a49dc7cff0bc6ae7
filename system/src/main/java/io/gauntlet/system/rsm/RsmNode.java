package io.gauntlet.system.rsm;

import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.List;

/**
 * A service replica: a node whose state machine is replicated by an {@link Rsm}. Raft's traffic
 * goes to the Rsm; everything else (client requests, service-to-service messages) to {@link
 * #onRequest}. The kvraft server, the shard controller and the sharded KV groups are written this way.
 */
public abstract class RsmNode implements Node {
  protected final Runtime rt;
  protected final Rsm rsm;

  protected RsmNode(Runtime rt, List<String> servers, RaftConfig cfg, StateMachine sm, long maxRaftState) {
    this.rt = rt;
    this.rsm = new Rsm(rt, servers, cfg, sm, maxRaftState);
  }

  @Override
  public void start() {
    rsm.start();
  }

  @Override
  public void stop() {
    rsm.stop();
  }

  public Rsm rsm() {
    return rsm;
  }

  @Override
  public final void onMessage(String from, Message m) {
    if (!rsm.handle(from, m)) {
      onRequest(from, m);
    }
  }

  /** A message that is not Raft's: a client request or a message from another service. */
  protected abstract void onRequest(String from, Message m);
}
