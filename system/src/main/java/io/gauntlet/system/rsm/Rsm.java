package io.gauntlet.system.rsm;

import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftMessage;
import io.gauntlet.system.raft.RaftNode;
import io.gauntlet.system.raft.Snapshot;
import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Runtime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A replicated state machine over Raft: {@link #submit} puts a command in the log and answers once
 * it is applied (or once this replica learns it lost leadership); {@link #read} confirms leadership
 * with ReadIndex and runs the read once the state has caught up, without writing the log. Commands
 * carry (client, seq) and are applied at most once per client sequence number (the table is in
 * every snapshot). When the persisted Raft state exceeds {@code maxRaftState} bytes the state
 * machine is snapshotted and the log compacted; a restarted replica restores the snapshot and
 * replays the rest of the log.
 *
 * <p>Entry layout: client (8 bytes), seq (8 bytes), command. Client 0 means "no duplicate
 * detection" (for services, like sharded KV, that keep their own tables).
 */
public final class Rsm {
  private static final long CHECK_NANOS = 50_000_000L;

  private final Runtime rt;
  private final StateMachine sm;
  private final long maxRaftState;
  private final RaftNode raft;
  private final DedupTable dedup = new DedupTable();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<Long, Runnable[]> reads = new HashMap<>();
  private final ArrayDeque<long[]> waitingReads = new ArrayDeque<>(); // {context, index}
  private long nextReadContext = 1;
  private long lastApplied;
  private long watchedTerm = -1;
  private Cancellable checker;

  private record Pending(long term, Consumer<Outcome> done) {}

  /** Told of each command the first time it is applied (not of duplicates), with its client and seq. */
  public interface AppliedObserver {
    void applied(long client, long seq);
  }

  private AppliedObserver appliedObserver;

  /**
   * @param maxRaftState snapshot when the persisted Raft state reaches this many bytes; -1 never
   */
  public Rsm(Runtime rt, List<String> members, RaftConfig cfg, StateMachine sm, long maxRaftState) {
    this.rt = rt;
    this.sm = sm;
    this.maxRaftState = maxRaftState;
    RaftConfig c = cfg.copy();
    c.noopOnElection = true; // a new leader commits at once, so reads and stale proposals resolve
    this.raft = new RaftNode(rt, members, c, new Applier());
  }

  public void start() {
    raft.start();
    scheduleCheck();
  }

  public void stop() {
    raft.stop();
    if (checker != null) {
      checker.cancel();
    }
    failAll();
  }

  /** Feeds Raft's messages to Raft; false if {@code m} is not one. */
  public boolean handle(String from, Object m) {
    if (m instanceof RaftMessage rm) {
      raft.onMessage(from, rm);
      return true;
    }
    return false;
  }

  public RaftNode raft() {
    return raft;
  }

  public boolean isLeader() {
    return raft.isLeader();
  }

  /** The leader this replica follows, if it knows one (a hint for clients). */
  public String leaderHint() {
    return raft.leader();
  }

  /** Puts a command in the log; {@code done} runs once it is applied or cannot be known to be. */
  public void submit(long client, long seq, byte[] command, Consumer<Outcome> done) {
    ByteBuffer b = ByteBuffer.allocate(16 + command.length);
    b.putLong(client).putLong(seq).put(command);
    RaftNode.Proposal p = raft.propose(b.array());
    if (!p.isLeader()) {
      done.accept(Outcome.WRONG_LEADER);
      return;
    }
    watchedTerm = p.term();
    Pending old = pending.put(p.index(), new Pending(p.term(), done));
    if (old != null) {
      old.done.accept(Outcome.WRONG_LEADER); // an index reused in a new term: the old one is gone
    }
  }

  /**
   * A linearizable read: {@code ready} runs once a quorum confirmed this replica is leader and the
   * state has applied everything committed when the read began; otherwise {@code failed} runs.
   */
  public void read(Runnable ready, Runnable failed) {
    long ctx = nextReadContext++;
    reads.put(ctx, new Runnable[] {ready, failed});
    if (!raft.readIndex(ctx)) {
      reads.remove(ctx);
      failed.run();
      return;
    }
    watchedTerm = raft.term();
  }

  /**
   * Watches every command applied here (the simulator's soak checks that each write a client was
   * told succeeded was applied somewhere); null stops watching.
   */
  public void observeApplied(AppliedObserver o) {
    this.appliedObserver = o;
  }

  /** The state machine's digest (null if it offers none), at {@link #lastApplied()}. */
  public String digest() {
    return sm.digest();
  }

  /** Applied index (for tests and metrics). */
  public long lastApplied() {
    return lastApplied;
  }

  public long persistedRaftStateBytes() {
    return raft.persistedStateBytes();
  }

  /** Every so often: if leadership was lost, fail what waits on it (clients retry elsewhere). */
  private void scheduleCheck() {
    checker = rt.schedule(CHECK_NANOS, () -> {
      if (!raft.isLeader() || raft.term() != watchedTerm) {
        failAll();
      }
      scheduleCheck();
    });
  }

  private void failAll() {
    if (!pending.isEmpty()) {
      Map<Long, Pending> copy = new HashMap<>(pending);
      pending.clear();
      copy.values().forEach(p -> p.done.accept(Outcome.WRONG_LEADER));
    }
    if (!reads.isEmpty()) {
      Map<Long, Runnable[]> copy = new HashMap<>(reads);
      reads.clear();
      waitingReads.clear();
      copy.values().forEach(r -> r[1].run());
    }
  }

  private void serveReads() {
    while (!waitingReads.isEmpty() && waitingReads.peek()[1] <= lastApplied) {
      Runnable[] r = reads.remove(waitingReads.poll()[0]);
      if (r != null) {
        r[0].run();
      }
    }
  }

  private byte[] encodeSnapshot() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      dedup.write(out);
      byte[] state = sm.snapshot();
      out.writeInt(state.length);
      out.write(state);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class Applier implements RaftNode.Listener {
    @Override
    public void onCommand(long index, long term, byte[] entry) {
      ByteBuffer b = ByteBuffer.wrap(entry);
      long client = b.getLong();
      long seq = b.getLong();
      byte[] command = new byte[b.remaining()];
      b.get(command);
      byte[] reply = client == 0 ? null : dedup.duplicate(client, seq);
      if (reply == null) {
        reply = sm.apply(command);
        if (client != 0) {
          dedup.record(client, seq, reply);
          if (appliedObserver != null) {
            appliedObserver.applied(client, seq);
          }
        }
      }
      lastApplied = index;
      Pending p = pending.remove(index);
      if (p != null) {
        p.done.accept(p.term == term ? Outcome.ok(reply) : Outcome.WRONG_LEADER);
      }
      serveReads();
      maybeSnapshot(index);
    }

    @Override
    public void onNoop(long index, long term) {
      lastApplied = index;
      Pending p = pending.remove(index);
      if (p != null) {
        p.done.accept(Outcome.WRONG_LEADER);
      }
      serveReads();
    }

    @Override
    public void onSnapshot(Snapshot s) {
      try {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(s.data()));
        dedup.read(in);
        byte[] state = new byte[in.readInt()];
        in.readFully(state);
        sm.restore(state);
      } catch (IOException e) {
        throw new UncheckedIOException("corrupt RSM snapshot at index " + s.index(), e);
      }
      lastApplied = s.index();
      for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Long, Pending> e = it.next();
        if (e.getKey() <= s.index()) {
          it.remove();
          e.getValue().done.accept(Outcome.WRONG_LEADER); // applied elsewhere; the reply is unknown here
        }
      }
      serveReads();
    }

    @Override
    public void onReadReady(long context, long index) {
      if (reads.containsKey(context)) {
        waitingReads.add(new long[] {context, index});
        serveReads();
      }
    }

    @Override
    public void onReadFailed(long context) {
      Runnable[] r = reads.remove(context);
      if (r != null) {
        r[1].run();
      }
    }
  }

  private void maybeSnapshot(long index) {
    if (maxRaftState > 0 && (raft.persistedStateBytes() >= maxRaftState || sm.snapshotWanted())) {
      raft.snapshot(index, encodeSnapshot());
    }
  }
}
