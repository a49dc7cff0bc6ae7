package io.gauntlet.system.raft.sim;

import io.gauntlet.system.raft.Entry;
import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftCore;
import io.gauntlet.system.raft.RaftObserver;
import io.gauntlet.system.raft.RaftMessage;
import io.gauntlet.system.raft.RaftNode;
import io.gauntlet.system.raft.Snapshot;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare Raft peer as the labs' tester builds it: a {@link RaftNode} whose "service" records the
 * applied log, checks the apply stream against the invariants, and (like the labs' tester) takes a
 * snapshot of the whole applied log every {@code snapshotInterval} entries.
 */
public final class RaftPeer implements Node {
  /** How the tester records a no-op entry in its applied log (no command is ever empty). */
  static final byte[] NOOP = new byte[0];

  private final RaftNode raft;
  private final RaftInvariants invariants;
  private final int snapshotInterval;
  private final String id;
  /** applied.get(i) is the command at index i (index 0 unused). */
  private final ArrayList<byte[]> applied = new ArrayList<>();
  private long lastApplied;
  private final Hooks hooks;

  /** Moments the soak aims faults at; both default to nothing. */
  public interface Hooks {
    /** This peer took a snapshot through {@code index}. */
    default void snapshotTaken(long index) {}

    /** This peer just became leader (after the invariants checked it). */
    default void becameLeader(RaftCore core) {}
  }

  public RaftPeer(Runtime rt, List<String> members, RaftConfig cfg, RaftInvariants invariants, int snapshotInterval) {
    this(rt, members, cfg, invariants, snapshotInterval, new Hooks() {});
  }

  public RaftPeer(Runtime rt, List<String> members, RaftConfig cfg, RaftInvariants invariants, int snapshotInterval,
      Hooks hooks) {
    this.hooks = hooks;
    this.id = rt.self();
    this.invariants = invariants;
    this.snapshotInterval = snapshotInterval;
    this.raft = new RaftNode(rt, members, cfg, new Applier());
    this.raft.setObserver(new RaftObserver() {
      @Override
      public void onBecomeLeader(RaftCore core) {
        invariants.onBecomeLeader(core);
        hooks.becameLeader(core);
      }

      @Override
      public void onAppend(RaftCore core, Entry entry) {
        invariants.onAppend(core, entry);
      }

      @Override
      public void onCommit(RaftCore core, long from, long to) {
        invariants.onCommit(core, from, to);
      }
    });
    applied.add(null);
  }

  @Override
  public void start() {
    raft.start();
  }

  @Override
  public void onMessage(String from, Message m) {
    if (m instanceof RaftMessage rm) {
      long commitBefore = raft.core().commitIndex();
      raft.onMessage(from, rm);
      if (rm instanceof RaftMessage.AppendRequest a) {
        RaftCore core = raft.core();
        long end = a.prevLogIndex() + a.entries().size();
        invariants.followerCommit(id, commitBefore, core.commitIndex(), end);
        if (!a.entries().isEmpty()) {
          invariants.termsInOrder(id, end, core.entryTerm(end), core.entryTerm(end + 1));
        }
      }
    }
  }

  private final java.util.HashMap<Long, Long> readsRequired = new java.util.HashMap<>();

  /** Starts a ReadIndex read; its confirmation is checked against what was committed before. */
  public boolean read(long context) {
    readsRequired.put(context, invariants.maxCommitted());
    boolean ok = raft.readIndex(context);
    if (!ok) {
      readsRequired.remove(context);
    }
    return ok;
  }

  public RaftNode raft() {
    return raft;
  }

  /** ReadIndex reads started here and neither confirmed nor failed yet. */
  public int pendingReads() {
    return readsRequired.size();
  }

  public long lastApplied() {
    return lastApplied;
  }

  /** The command applied at {@code index}, or null if not applied (yet). */
  public byte[] appliedAt(long index) {
    return index <= lastApplied && index > 0 ? applied.get((int) index) : null;
  }

  private final class Applier implements RaftNode.Listener {
    @Override
    public void onCommand(long index, long term, byte[] command) {
      invariants.applyOrder(id, lastApplied, index, false);
      invariants.applied(id, index, term, command);
      applied.add(command);
      lastApplied = index;
      if (snapshotInterval > 0 && (index + 1) % snapshotInterval == 0) {
        raft.snapshot(index, encode(applied, index));
        hooks.snapshotTaken(index);
      }
    }

    @Override
    public void onNoop(long index, long term) {
      onCommand(index, term, NOOP);
    }

    @Override
    public void onReadReady(long context, long index) {
      Long required = readsRequired.remove(context);
      if (required != null) {
        invariants.readConfirmed(id, required, index);
      }
    }

    @Override
    public void onReadFailed(long context) {
      readsRequired.remove(context);
    }

    @Override
    public void onSnapshot(Snapshot s) {
      invariants.applyOrder(id, lastApplied, s.index(), true);
      List<byte[]> log = decode(s.data());
      if (log.size() != s.index()) {
        throw new InvariantViolation(RaftInvariants.STATE_MACHINE_SAFETY,
            id + " got a snapshot at index " + s.index() + " holding " + log.size() + " commands");
      }
      applied.clear();
      applied.add(null);
      for (int i = 0; i < log.size(); i++) {
        invariants.applied(id, i + 1, 0, log.get(i));
        applied.add(log.get(i));
      }
      lastApplied = s.index();
    }
  }

  static byte[] encode(List<byte[]> applied, long through) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt((int) through);
      for (int i = 1; i <= through; i++) {
        out.writeInt(applied.get(i).length);
        out.write(applied.get(i));
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<byte[]> decode(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
      int n = in.readInt();
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] c = new byte[in.readInt()];
        in.readFully(c);
        out.add(c);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
