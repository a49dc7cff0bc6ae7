package io.gauntlet.system.shardctrler;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.rsm.RsmNode;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Runtime;
import java.util.List;

/**
 * A shard controller replica: {@link CtrlerStateMachine} replicated by {@link Rsm}. Join, Leave and
 * Move go through the log with duplicate detection; Query takes the ReadIndex path. Only the leader
 * answers; others say ERR_WRONG_LEADER with a hint.
 */
public final class CtrlerServer extends RsmNode {
  private final CtrlerStateMachine state;

  public CtrlerServer(Runtime rt, List<String> servers, RaftConfig cfg, int nShards, long maxRaftState) {
    this(rt, servers, cfg, maxRaftState, new CtrlerStateMachine(nShards));
  }

  private CtrlerServer(Runtime rt, List<String> servers, RaftConfig cfg, long maxRaftState, CtrlerStateMachine state) {
    super(rt, servers, cfg, state, maxRaftState);
    this.state = state;
  }

  @Override
  protected void onRequest(String from, Message m) {
    if (m instanceof CtrlerRequest req) {
      handle(from, req);
    }
  }

  private void handle(String from, CtrlerRequest req) {
    CtrlerReply wrongLeader = new CtrlerReply(req.seq(), Err.ERR_WRONG_LEADER, null, rsm.leaderHint());
    if (!rsm.isLeader()) {
      rt.send(from, wrongLeader);
      return;
    }
    if (req.command().op() == CtrlerOp.QUERY) {
      rsm.read(() -> rt.send(from, new CtrlerReply(req.seq(), Err.OK, state.query(req.command().num()), null)),
          () -> rt.send(from, wrongLeader));
      return;
    }
    rsm.submit(req.client(), req.seq(), req.command().encode(), o -> {
      if (!o.ok()) {
        rt.send(from, wrongLeader);
      } else if (o.reply().length > 0) { // empty: a stale retry of a call the clerk has moved past
        rt.send(from, CtrlerStateMachine.decodeReply(req.seq(), o.reply()));
      }
    });
  }
}
