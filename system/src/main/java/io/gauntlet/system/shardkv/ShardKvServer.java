package io.gauntlet.system.shardkv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvOp;
import io.gauntlet.system.kvraft.KvReply;
import io.gauntlet.system.kvraft.KvRequest;
import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.rsm.Outcome;
import io.gauntlet.system.rsm.Rsm;
import io.gauntlet.system.rsm.RsmNode;
import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Runtime;
import io.gauntlet.system.shardctrler.CtrlerClerk;
import io.gauntlet.system.shardctrler.ShardConfig;
import java.util.List;

/**
 * A replica of one shard group: a {@link GroupStateMachine} replicated by {@link Rsm} (with the
 * RSM's own duplicate detection off: the tables live per shard, so they can move with the shard).
 *
 * <p>The leader drives reconfiguration with a periodic step: when every shard is settled it asks
 * the controller for the next configuration and proposes it; for each PULLING shard it asks the
 * previous owner's replicas for the frozen shard and proposes what arrives (INSTALL); for each
 * GCING shard it tells the previous owner to delete its copy and, once told that it did, proposes
 * GC_DONE. Pull and delete requests are answered from the applied state of any replica that has
 * reached the configuration, since a handed-off shard never changes until it is deleted.
 *
 * <p>Clients: Gets take the ReadIndex path and check ownership once the state has caught up;
 * Put and Append go through the log and are checked for ownership when applied.
 */
public final class ShardKvServer extends RsmNode {
  private final int gid;
  private final GroupStateMachine state;
  private final CtrlerClerk ctrler;
  private final long stepNanos;
  private final long[] installProposedAt;
  private Cancellable stepper;
  private boolean stopped;

  /**
   * @param servers this group's replicas
   * @param ctrlers the shard controller's replicas
   * @param stepNanos how often the leader polls the controller and retries pulls and deletes
   */
  public ShardKvServer(Runtime rt, int gid, List<String> servers, List<String> ctrlers, RaftConfig cfg,
      int nShards, long maxRaftState, long stepNanos) {
    this(rt, gid, servers, ctrlers, cfg, maxRaftState, stepNanos, new GroupStateMachine(gid, nShards));
  }

  private ShardKvServer(Runtime rt, int gid, List<String> servers, List<String> ctrlers, RaftConfig cfg,
      long maxRaftState, long stepNanos, GroupStateMachine state) {
    super(rt, servers, cfg, state, maxRaftState);
    this.gid = gid;
    this.state = state;
    int nShards = state.nShards();
    this.ctrler = new CtrlerClerk(rt, ctrlers, 4 * stepNanos);
    this.stepNanos = stepNanos;
    this.installProposedAt = new long[nShards];
    java.util.Arrays.fill(installProposedAt, Long.MIN_VALUE / 2);
  }

  @Override
  public void start() {
    super.start();
    scheduleStep();
  }

  @Override
  public void stop() {
    stopped = true;
    if (stepper != null) {
      stepper.cancel();
    }
    super.stop();
  }

  public int gid() {
    return gid;
  }

  /** The applied state (tests inspect shard statuses and configuration numbers). */
  public GroupStateMachine state() {
    return state;
  }

  @Override
  protected void onRequest(String from, Message m) {
    if (ctrler.handle(from, m)) {
      return;
    }
    if (m instanceof KvRequest req) {
      onClient(from, req);
    } else if (m instanceof PullRequest p) {
      onPull(from, p);
    } else if (m instanceof PullReply r) {
      // Every replica of the old owner answers; propose one INSTALL per round, not one per answer.
      boolean recent = rt.nowNanos() - installProposedAt[r.shard()] < 2 * stepNanos;
      if (rsm.isLeader() && !recent && r.num() == state.config().num() && state.shard(r.shard()).status() == ShardStatus.PULLING) {
        installProposedAt[r.shard()] = rt.nowNanos();
        rsm.submit(0, 0, GroupStateMachine.install(r), o -> {});
      }
    } else if (m instanceof DeleteRequest d) {
      onDelete(from, d);
    } else if (m instanceof DeleteReply d) {
      if (rsm.isLeader() && d.num() == state.config().num() && state.shard(d.shard()).status() == ShardStatus.GCING) {
        rsm.submit(0, 0, GroupStateMachine.step(GroupStateMachine.GC_DONE, d.num(), d.shard()), o -> {});
      }
    }
  }

  private void onClient(String from, KvRequest req) {
    KvReply wrongLeader = new KvReply(req.seq(), Err.ERR_WRONG_LEADER, null, 0, rsm.leaderHint());
    KvReply wrongGroup = new KvReply(req.seq(), Err.ERR_WRONG_GROUP, null, 0, null);
    if (!rsm.isLeader()) {
      rt.send(from, wrongLeader);
      return;
    }
    if (!state.serves(req.key())) {
      rt.send(from, wrongGroup); // early answer; ownership is checked again where it counts
      return;
    }
    if (req.op() == KvOp.GET) {
      rsm.read(() -> {
        if (!state.serves(req.key())) {
          rt.send(from, wrongGroup);
          return;
        }
        String v = state.get(req.key());
        rt.send(from, new KvReply(req.seq(), v == null ? Err.ERR_NO_KEY : Err.OK, v == null ? "" : v, 0, null));
      }, () -> rt.send(from, wrongLeader));
      return;
    }
    if (req.op() != KvOp.PUT && req.op() != KvOp.APPEND) {
      return; // the versioned Put is kvraft's; shardkv offers Get, Put and Append
    }
    byte[] cmd = GroupStateMachine.op(req.op(), req.key(), req.value(), req.client(), req.seq());
    rsm.submit(0, 0, cmd, (Outcome o) -> {
      if (o.ok()) {
        rt.send(from, new KvReply(req.seq(), Err.values()[o.reply()[0]], null, 0, null));
      } else {
        rt.send(from, wrongLeader);
      }
    });
  }

  private void onPull(String from, PullRequest p) {
    if (p.num() == state.config().num() && state.shard(p.shard()).status() == ShardStatus.BEPULLING) {
      rt.send(from, state.pullReply(p.num(), p.shard()));
    }
  }

  private void onDelete(String from, DeleteRequest d) {
    int num = state.config().num();
    if (num > d.num() || (num == d.num() && state.shard(d.shard()).status() != ShardStatus.BEPULLING)) {
      rt.send(from, new DeleteReply(d.num(), d.shard())); // already deleted
    } else if (num == d.num() && rsm.isLeader()) {
      rsm.submit(0, 0, GroupStateMachine.step(GroupStateMachine.GC, d.num(), d.shard()), o -> {
        if (o.ok()) {
          rt.send(from, new DeleteReply(d.num(), d.shard()));
        }
      });
    }
  }

  private void scheduleStep() {
    stepper = rt.schedule(stepNanos, () -> {
      if (!stopped) {
        if (rsm.isLeader()) {
          step();
        }
        scheduleStep();
      }
    });
  }

  /** The leader's periodic reconfiguration work. */
  private void step() {
    ShardConfig cur = state.config();
    if (state.settled() && !ctrler.busy()) {
      int want = cur.num() + 1;
      ctrler.query(want).thenAccept(next -> {
        if (next.num() == want && state.config().num() == want - 1 && rsm.isLeader()) {
          rsm.submit(0, 0, GroupStateMachine.config(next), o -> {});
        }
      });
    }
    ShardConfig prev = state.previous(); // PULLING and GCING shards deal with their previous owner
    for (int s = 0; s < cur.nShards(); s++) {
      ShardStatus st = state.shard(s).status();
      if (st == ShardStatus.PULLING || st == ShardStatus.GCING) {
        Message m = st == ShardStatus.PULLING ? new PullRequest(cur.num(), s) : new DeleteRequest(cur.num(), s);
        for (String server : prev.servers(prev.owner(s))) {
          rt.send(server, m);
        }
      }
    }
  }
}
