package io.gauntlet.system.raft;

import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Durable;
import io.gauntlet.system.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a {@link RaftCore} to a {@link Runtime}: ticks it, feeds it messages, persists what each
 * Ready asks (waiting for fsync before sending or applying anything), and hands committed commands
 * and snapshots to the service through a {@link Listener}. The same driver runs in the simulator and
 * in a real process.
 *
 * <p>The API covers what the labs' Make / Start / GetState / Snapshot / ApplyMsg cover: {@link
 * #propose} is Start, {@link #term()} and {@link #isLeader()} are GetState, {@link #snapshot} is
 * Snapshot, and the listener receives the apply stream in order.
 */
public final class RaftNode {
  /** The apply stream, in log order, on the node's thread. */
  public interface Listener {
    /** A committed command at {@code index}. */
    void onCommand(long index, long term, byte[] command);

    /**
     * A leader's no-op entry at {@code index} committed: nothing to apply, but the applied index
     * moves past it.
     */
    default void onNoop(long index, long term) {}

    /** Replace the service state with this snapshot (on restart, or sent by the leader). */
    void onSnapshot(Snapshot snapshot);

    /** A ReadIndex request is confirmed: answer it once applied through {@code index}. */
    default void onReadReady(long context, long index) {}

    /** A ReadIndex request failed because leadership was lost. */
    default void onReadFailed(long context) {}
  }

  /** The result of {@link #propose}: the index the command will have if committed. */
  public record Proposal(long index, long term, boolean isLeader) {}

  private final Runtime rt;
  private final List<String> members;
  private final RaftConfig cfg;
  private final Listener listener;
  private RaftObserver observer = RaftObserver.NONE;
  private RaftCore core;
  private Durable durable;
  /** seqs.get(i) is the log record of entry firstSeqIndex + i. */
  private final ArrayList<Long> seqs = new ArrayList<>();
  /** sizes.get(i) is the size of that record; liveBytes their sum (the log the snapshot trigger counts). */
  private final ArrayList<Integer> sizes = new ArrayList<>();
  private long liveBytes;
  private long firstSeqIndex;
  private long lastSeq;
  private Cancellable ticker;
  private boolean stopped;
  private boolean processing;

  public RaftNode(Runtime rt, List<String> members, RaftConfig cfg, Listener listener) {
    this.rt = rt;
    this.members = List.copyOf(members);
    this.cfg = cfg;
    this.listener = listener;
  }

  /** Set before {@link #start()} to observe the core (invariant checkers). */
  public void setObserver(RaftObserver o) {
    this.observer = o;
    if (core != null) {
      core.setObserver(o);
    }
  }

  /** Recovers from durable state, hands any snapshot to the service, and starts ticking. */
  public void start() {
    durable = rt.durable();
    RaftStorage.Recovered r = RaftStorage.recover(durable);
    core = new RaftCore(rt.self(), members, cfg, rt.random(), r.hardState(), r.snapshot(), r.entries());
    core.setObserver(observer);
    firstSeqIndex = r.snapshot().index() + 1;
    for (int i = 0; i < r.seqs().size(); i++) {
      remember(r.seqs().get(i), recordBytes(r.entries().get(i))); // entries and seqs are parallel
    }
    lastSeq = r.lastSeq();
    if (r.snapshot().index() > 0) {
      observer.onSnapshotApply(core, r.snapshot());
      listener.onSnapshot(r.snapshot());
    }
    scheduleTick();
  }

  private void scheduleTick() {
    ticker = rt.schedule(cfg.tickNanos, () -> {
      if (stopped) {
        return;
      }
      core.tick();
      process();
      scheduleTick();
    });
  }

  /** Stops ticking and ignores further input (an orderly shutdown, not a crash). */
  public void stop() {
    stopped = true;
    if (ticker != null) {
      ticker.cancel();
    }
  }

  public void onMessage(String from, RaftMessage m) {
    if (stopped) {
      return;
    }
    core.step(from, m);
    process();
  }

  /** Start: append {@code command} if leader. */
  public Proposal propose(byte[] command) {
    if (stopped) {
      return new Proposal(-1, core.term(), false);
    }
    long index = core.propose(command);
    process();
    return new Proposal(index, core.term(), index > 0);
  }

  /** Starts a ReadIndex read; false if not leader. The listener hears the outcome. */
  public boolean readIndex(long context) {
    if (stopped) {
      return false;
    }
    boolean ok = core.readIndex(context);
    process();
    return ok;
  }

  /** The service snapshotted its state through {@code index}. */
  public void snapshot(long index, byte[] data) {
    core.snapshot(index, data);
    process();
  }

  public long term() {
    return core.term();
  }

  public boolean isLeader() {
    return core.isLeader() && !stopped;
  }

  public String leader() {
    return core.leader();
  }

  public RaftCore core() {
    return core;
  }

  /**
   * Bytes of persisted Raft state excluding the snapshot (the labs' RaftStateSize): the records of
   * the entries in the log now, and the hard state. Not the store's {@code logBytes()}: a real
   * store frees a compacted prefix only a whole segment at a time, so its bytes stay above any
   * threshold below a segment's size, and a trigger on them would snapshot after every apply.
   */
  public long persistedStateBytes() {
    byte[] hs = durable.get(RaftStorage.HARD_STATE);
    return liveBytes + (hs == null ? 0 : hs.length);
  }

  private static int recordBytes(Entry e) {
    return RaftStorage.ENTRY_HEADER_BYTES + (e.data() == null ? 0 : e.data().length);
  }

  /** The next entry of the log is in record {@code seq} of {@code bytes} bytes. */
  private void remember(long seq, int bytes) {
    seqs.add(seq);
    sizes.add(bytes);
    liveBytes += bytes;
  }

  /** Forgets the records of the entries at positions {@code from} (inclusive) to {@code to}, clamped to the log. */
  private void forget(int from, int to) {
    int end = Math.min(to, seqs.size());
    if (from >= end) {
      return;
    }
    List<Integer> gone = sizes.subList(from, end);
    for (int b : gone) {
      liveBytes -= b;
    }
    gone.clear();
    seqs.subList(from, end).clear();
  }

  private void process() {
    if (processing || stopped) {
      return; // re-entered from a listener callback; the loop below picks the work up
    }
    processing = true;
    try {
      while (!stopped && core.hasReady()) {
        Ready rd = core.ready();
        // A leader whose term and vote are already durable sends its appends while it writes its
        // own copy (Raft thesis 10.2.1, as etcd does): it counts itself toward a commit only once
        // its write is durable, and nothing it sends depends on this write.
        boolean sendFirst = rd.mustSync() && core.isLeader() && rd.hardState() == null;
        if (sendFirst) {
          send(rd);
        }
        persist(rd);
        if (rd.mustSync()) {
          durable.sync(() -> {
            deliver(rd, !sendFirst);
            process();
          });
          return; // the next Ready waits for this fsync
        }
        deliver(rd, true);
      }
    } finally {
      processing = false;
    }
  }

  private void persist(Ready rd) {
    if (rd.hardState() != null) {
      durable.put(RaftStorage.HARD_STATE, RaftStorage.encodeHardState(rd.hardState()));
    }
    if (rd.snapshot() != null) {
      Snapshot s = rd.snapshot();
      int after = (int) (s.index() + 1 - firstSeqIndex);
      // The records after the snapshot stay valid only if the core kept those entries (its log
      // agreed with the snapshot) and this Ready does not rewrite them from the snapshot on;
      // otherwise recovery must start at this Ready's first record.
      boolean kept = core.lastIndex() > s.index()
          && (rd.entries().isEmpty() || rd.entries().get(0).index() > s.index() + 1);
      long firstValid = kept && after >= 0 && after < seqs.size() ? seqs.get(after) : lastSeq + 1;
      durable.put(RaftStorage.SNAPSHOT, RaftStorage.encodeSnapshot(s, firstValid));
      durable.compact(firstValid);
      forget(0, after < 0 ? seqs.size() : after);
      firstSeqIndex = s.index() + 1;
    }
    for (Entry e : rd.entries()) {
      int at = (int) (e.index() - firstSeqIndex);
      if (at < 0) {
        continue; // covered by the snapshot
      }
      forget(at, seqs.size());
      long prevTerm = core.entryTerm(e.index() - 1);
      byte[] record = RaftStorage.encodeEntry(e, prevTerm, firstSeqIndex - 1);
      long seq = durable.append(record);
      lastSeq = seq;
      if (at <= seqs.size()) {
        remember(seq, record.length);
      }
    }
  }

  private void send(Ready rd) {
    for (Envelope env : rd.messages()) {
      rt.send(env.to(), env.message());
    }
  }

  /** Sends (unless already sent), applies and advances: only once the Ready's writes are durable. */
  private void deliver(Ready rd, boolean sendMessages) {
    if (stopped) {
      return;
    }
    boolean outer = !processing;
    processing = true; // listener callbacks that propose or snapshot must not recurse into process()
    if (sendMessages) {
      send(rd);
    }
    if (rd.snapshotToApply() != null) {
      observer.onSnapshotApply(core, rd.snapshotToApply());
      listener.onSnapshot(rd.snapshotToApply());
    }
    for (Entry e : rd.committed()) {
      observer.onApply(core, e);
      if (e.data() != null) {
        listener.onCommand(e.index(), e.term(), e.data());
      } else {
        listener.onNoop(e.index(), e.term());
      }
    }
    for (ReadState r : rd.readStates()) {
      listener.onReadReady(r.context(), r.index());
    }
    for (long ctx : rd.failedReads()) {
      listener.onReadFailed(ctx);
    }
    core.advance(rd);
    if (outer) {
      processing = false;
    }
  }
}
