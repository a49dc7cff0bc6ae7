package io.gauntlet.system.kvraft;

import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.rsm.Outcome;
import io.gauntlet.system.rsm.RsmNode;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Runtime;
import java.util.List;

/**
 * A kvraft replica: a {@link KvStateMachine} replicated by {@link Rsm}. Writes go through the log
 * (with duplicate detection by client and seq); Gets take the ReadIndex path and never write the
 * log. Only the leader answers; others say ERR_WRONG_LEADER with a hint.
 */
public final class KvServer extends RsmNode {
  private final KvStateMachine state;

  public KvServer(Runtime rt, List<String> servers, RaftConfig cfg, long maxRaftState) {
    this(rt, servers, cfg, maxRaftState, new KvStateMachine());
  }

  private KvServer(Runtime rt, List<String> servers, RaftConfig cfg, long maxRaftState, KvStateMachine state) {
    super(rt, servers, cfg, state, maxRaftState);
    this.state = state;
  }

  @Override
  protected void onRequest(String from, Message m) {
    if (m instanceof KvRequest req) {
      handle(from, req);
    }
  }

  private void handle(String from, KvRequest req) {
    if (!rsm.isLeader()) {
      rt.send(from, new KvReply(req.seq(), Err.ERR_WRONG_LEADER, null, 0, rsm.leaderHint()));
      return;
    }
    if (req.op() == KvOp.GET) {
      rsm.read(() -> {
        KvStateMachine.Versioned v = state.get(req.key());
        Err err = state.contains(req.key()) ? Err.OK : Err.ERR_NO_KEY;
        rt.send(from, new KvReply(req.seq(), err, v.value(), v.version(), null));
      }, () -> rt.send(from, new KvReply(req.seq(), Err.ERR_WRONG_LEADER, null, 0, rsm.leaderHint())));
      return;
    }
    byte[] cmd = new KvCommand(req.op(), req.key(), req.value(), req.version()).encode();
    rsm.submit(req.client(), req.seq(), cmd, (Outcome o) -> {
      if (o.ok() && o.reply().length == 0) {
        return; // an old retry of a call the clerk has finished: nobody waits for this answer
      }
      if (o.ok()) {
        rt.send(from, KvCommand.decodeReply(req.seq(), o.reply()));
      } else {
        rt.send(from, new KvReply(req.seq(), Err.ERR_WRONG_LEADER, null, 0, rsm.leaderHint()));
      }
    });
  }
}
