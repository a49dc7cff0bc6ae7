package io.gauntlet.system.raft.sim;

import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftCore;
import io.gauntlet.system.raft.RaftMessage;
import io.gauntlet.system.raft.RaftNode;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated Raft cluster with the labs' tester vocabulary (checkOneLeader, one, nCommitted,
 * crash, disconnect, ...) measured in virtual time, with every safety invariant checked as it runs.
 * Failures are AssertionErrors that name the seed.
 */
public final class RaftCluster {
  public static final long MS = 1_000_000L;

  private final long seed;
  private final Simulation sim;
  private final SimWorld world;
  private final RaftInvariants invariants = new RaftInvariants();
  private final List<String> ids = new ArrayList<>();
  private final boolean[] connected;
  private long rpcs;
  private long rpcBytes;
  private long maxStateBytes;
  private java.util.function.BiConsumer<Integer, Long> snapshotListener = (i, index) -> {};
  private java.util.function.IntConsumer leaderListener = i -> {};

  public RaftCluster(int n, long seed, NetworkConfig net, RaftConfig cfg, int snapshotInterval) {
    this(n, seed, net, cfg, filled(n, snapshotInterval));
  }

  private static int[] filled(int n, int value) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, value);
    return a;
  }

  /** As above, each peer with its own snapshot interval (0: never), so their compactions differ. */
  public RaftCluster(int n, long seed, NetworkConfig net, RaftConfig cfg, int[] snapshotIntervals) {
    if (snapshotIntervals.length != n) {
      throw new IllegalArgumentException(snapshotIntervals.length + " snapshot intervals for " + n + " peers");
    }
    this.seed = seed;
    this.sim = new Simulation(seed);
    this.world = new SimWorld(sim, net);
    this.connected = new boolean[n];
    for (int i = 0; i < n; i++) {
      ids.add("n" + i);
    }
    world.observe((from, to, m) -> {
      if (m instanceof RaftMessage rm && rm.isRequest()) {
        rpcs++;
        rpcBytes += m.sizeBytes();
      }
      if (m instanceof RaftMessage.VoteResponse v && v.granted() && !v.preVote()) {
        invariants.voted(from, to, v.term());
      } else if (m instanceof RaftMessage.VoteRequest v && !v.preVote()) {
        invariants.voted(from, from, v.term()); // a candidate votes for itself
      }
    });
    for (int i = 0; i < n; i++) {
      connected[i] = true;
      int me = i;
      RaftPeer.Hooks hooks = new RaftPeer.Hooks() {
        @Override
        public void snapshotTaken(long index) {
          snapshotListener.accept(me, index);
        }

        @Override
        public void becameLeader(RaftCore core) {
          leaderListener.accept(me);
        }
      };
      int interval = snapshotIntervals[i];
      world.add(ids.get(i), rt -> new RaftPeer(rt, ids, cfg, invariants, interval, hooks));
    }
  }

  // ---- Accessors ----

  public long seed() { return seed; }
  public Simulation sim() { return sim; }
  public SimWorld world() { return world; }
  public RaftInvariants invariants() { return invariants; }
  public int size() { return ids.size(); }
  public String id(int i) { return ids.get(i); }
  public long rpcCount() { return rpcs; }
  public long rpcBytes() { return rpcBytes; }
  public boolean alive(int i) { return world.alive(ids.get(i)); }
  public boolean connected(int i) { return connected[i]; }

  /** The peer, or null if crashed. */
  public RaftPeer peer(int i) {
    return (RaftPeer) world.node(ids.get(i));
  }

  public RaftNode raft(int i) {
    RaftPeer p = peer(i);
    return p == null ? null : p.raft();
  }

  /** Told (peer, index) whenever a peer takes a snapshot. */
  public void onSnapshot(java.util.function.BiConsumer<Integer, Long> listener) {
    this.snapshotListener = listener;
  }

  /** Told the peer's number whenever a peer becomes leader. */
  public void onBecomeLeader(java.util.function.IntConsumer listener) {
    this.leaderListener = listener;
  }

  // ---- Faults ----

  public void crash(int i) { world.crash(ids.get(i)); }
  public void restart(int i) { world.restart(ids.get(i)); }

  public void disconnect(int i) {
    connected[i] = false;
    world.disconnect(ids.get(i));
    // Links to other disconnected nodes stay cut too (world.disconnect cut them all).
  }

  public void connect(int i) {
    connected[i] = true;
    for (int j = 0; j < ids.size(); j++) {
      if (j != i && connected[j]) {
        world.setLink(ids.get(i), ids.get(j), true);
        world.setLink(ids.get(j), ids.get(i), true);
      }
    }
  }

  public void setNetwork(NetworkConfig c) { world.setNetwork(c); }

  public void runFor(long millis) { sim.runFor(millis * MS); }

  // ---- The labs' checks ----

  /** A leader among the connected live peers within ~5 s; fails on two leaders in one term. */
  public int checkOneLeader() {
    for (int iter = 0; iter < 10; iter++) {
      runFor(450 + sim.random().nextInt(100));
      Map<Long, List<Integer>> leaders = new HashMap<>();
      for (int i = 0; i < size(); i++) {
        RaftNode r = raft(i);
        if (connected[i] && r != null && r.isLeader()) {
          leaders.computeIfAbsent(r.term(), t -> new ArrayList<>()).add(i);
        }
      }
      long lastTerm = -1;
      for (Map.Entry<Long, List<Integer>> e : leaders.entrySet()) {
        if (e.getValue().size() > 1) {
          fail("term " + e.getKey() + " has " + e.getValue().size() + " (>1) leaders: " + e.getValue());
        }
        lastTerm = Math.max(lastTerm, e.getKey());
      }
      if (!leaders.isEmpty()) {
        return leaders.get(lastTerm).get(0);
      }
    }
    fail("expected one leader, got none");
    return -1;
  }

  /** All connected live peers agree on the term; returns it. */
  public long checkTerms() {
    long term = -1;
    for (int i = 0; i < size(); i++) {
      RaftNode r = raft(i);
      if (connected[i] && r != null) {
        if (term == -1) {
          term = r.term();
        } else if (term != r.term()) {
          fail("servers disagree on term");
        }
      }
    }
    return term;
  }

  public void checkNoLeader() {
    for (int i = 0; i < size(); i++) {
      RaftNode r = raft(i);
      if (connected[i] && r != null && r.isLeader()) {
        fail("expected no leader among connected servers, but " + i + " claims to be leader");
      }
    }
  }

  /** How many peers have applied {@code index}, and (through the invariants) that they agree. */
  public int nCommitted(long index) {
    int count = 0;
    byte[] cmd = null;
    for (int i = 0; i < size(); i++) {
      RaftPeer p = peer(i);
      byte[] c = p == null ? null : p.appliedAt(index);
      if (c != null) {
        if (cmd != null && !Arrays.equals(cmd, c)) {
          fail("committed values do not match: index " + index);
        }
        cmd = c;
        count++;
      }
    }
    return count;
  }

  /** The command applied at {@code index} by any peer, or null. */
  public byte[] committedAt(long index) {
    for (int i = 0; i < size(); i++) {
      RaftPeer p = peer(i);
      if (p != null && p.appliedAt(index) != null) {
        return p.appliedAt(index);
      }
    }
    return null;
  }

  /**
   * The labs' one(): for up to 10 s, offer {@code cmd} to each connected live peer until a leader
   * takes it, then wait up to 2 s for {@code expected} peers to apply it at that index.
   */
  public long one(byte[] cmd, int expected, boolean retry) {
    long deadline = sim.now() + 10_000 * MS;
    int starts = 0;
    while (sim.now() < deadline) {
      long index = -1;
      for (int k = 0; k < size(); k++) {
        starts = (starts + 1) % size();
        RaftNode r = raft(starts);
        if (connected[starts] && r != null) {
          RaftNode.Proposal p = r.propose(cmd);
          if (p.isLeader()) {
            index = p.index();
            break;
          }
        }
      }
      if (index != -1) {
        long t1 = sim.now();
        while (sim.now() - t1 < 2_000 * MS) {
          if (nCommitted(index) >= expected && Arrays.equals(committedAt(index), cmd)) {
            return index;
          }
          runFor(20);
        }
        if (!retry) {
          fail("one(" + describe(cmd) + ") failed to reach agreement at index " + index);
        }
      } else {
        runFor(50);
      }
    }
    fail("one(" + describe(cmd) + ") failed to reach agreement in 10 s");
    return -1;
  }

  /**
   * Several one() calls running at once (the labs start them as goroutines): each command is
   * offered to a leader, re-offered after 2 s without agreement, until all reach {@code expected}
   * peers or 10 s pass.
   */
  public void oneConcurrent(List<byte[]> cmds, int expected) {
    long[] index = new long[cmds.size()];
    long[] offeredAt = new long[cmds.size()];
    boolean[] done = new boolean[cmds.size()];
    Arrays.fill(index, -1);
    long deadline = sim.now() + 10_000 * MS;
    int remaining = cmds.size();
    while (remaining > 0) {
      if (sim.now() > deadline) {
        fail("oneConcurrent: " + remaining + " of " + cmds.size() + " commands failed to reach agreement in 10 s");
      }
      for (int k = 0; k < cmds.size(); k++) {
        if (done[k]) {
          continue;
        }
        if (index[k] > 0 && nCommitted(index[k]) >= expected && Arrays.equals(committedAt(index[k]), cmds.get(k))) {
          done[k] = true;
          remaining--;
          continue;
        }
        if (index[k] < 0 || sim.now() - offeredAt[k] > 2_000 * MS) {
          for (int i = 0; i < size(); i++) {
            RaftNode r = raft(i);
            if (connected[i] && r != null) {
              RaftNode.Proposal p = r.propose(cmds.get(k));
              if (p.isLeader()) {
                index[k] = p.index();
                offeredAt[k] = sim.now();
                break;
              }
            }
          }
        }
      }
      runFor(20);
    }
  }

  /** The labs' wait(): until {@code n} peers applied {@code index}; -1 if a term passed startTerm. */
  public byte[] waitCommitted(long index, int n, long startTerm) {
    long to = 10;
    for (int iters = 0; iters < 30; iters++) {
      if (nCommitted(index) >= n) {
        break;
      }
      runFor(to);
      if (to < 1000) {
        to *= 2;
      }
      if (startTerm > -1) {
        for (int i = 0; i < size(); i++) {
          RaftNode r = raft(i);
          if (r != null && r.term() > startTerm) {
            return null;
          }
        }
      }
    }
    if (nCommitted(index) < n) {
      fail("only " + nCommitted(index) + " decided for index " + index + "; wanted " + n);
    }
    return committedAt(index);
  }

  /** Persisted Raft state (excluding snapshots) of the largest peer, and the maximum seen. */
  public long raftStateBytes() {
    long max = 0;
    for (int i = 0; i < size(); i++) {
      RaftNode r = raft(i);
      if (r != null) {
        max = Math.max(max, r.persistedStateBytes());
      }
    }
    maxStateBytes = Math.max(maxStateBytes, max);
    return max;
  }

  /** Full log-matching check over the live peers' logs. */
  public void checkLogs() {
    List<RaftCore> cores = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      RaftNode r = raft(i);
      if (r != null) {
        cores.add(r.core());
      }
    }
    invariants.checkLogs(cores);
  }

  public void fail(String what) {
    throw new AssertionError(what + " [seed " + seed + ", virtual time " + sim.now() / MS + " ms]\n" + describe());
  }

  /** One line per peer: role, term, log and commit positions (for failure messages). */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < size(); i++) {
      RaftNode r = raft(i);
      b.append("  ").append(i).append(connected[i] ? "" : " (disconnected)").append(": ")
          .append(r == null ? "crashed" : r.core() == null ? "not started (recovery failed)" : r.core().toString()).append('\n');
    }
    return b.toString();
  }

  // ---- Commands ----

  public static byte[] cmd(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  public static byte[] cmd(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static long value(byte[] c) {
    return ByteBuffer.wrap(c).getLong();
  }

  private static String describe(byte[] c) {
    return c.length == 8 ? Long.toString(value(c)) : c.length + " bytes";
  }
}
