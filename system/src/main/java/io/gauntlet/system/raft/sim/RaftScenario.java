package io.gauntlet.system.raft.sim;

import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftNode;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.NoProgress;
import io.gauntlet.system.sim.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One seeded randomized Raft scenario for the soak: a cluster under a random sequence of faults
 * (partitions, isolated nodes, one-way and slow links, crashes that lose unsynced writes, unreliable
 * and long-reordering networks, duplication, crashes right after a node grants a vote) while a client proposes commands to every node that
 * claims leadership and issues ReadIndex reads, with snapshots at a random interval, and fault
 * schedules aimed at narrow windows ({@link RaftSchedules}). Every safety invariant is checked as
 * it runs; at the end the faults heal and the cluster must agree on a new command everywhere, then
 * stay quiet and converge ({@link RaftLiveness}). A seed has a budget of events and virtual time;
 * past it the seed fails as "no progress" instead of hanging.
 */
public final class RaftScenario {
  /** How a scenario ended. {@code invariant} is null when it passed. */
  public record Outcome(long seed, String invariant, String detail, long virtualMillis, long events, long committed,
      Windows windows) implements io.gauntlet.system.sim.Soak.Outcome {
    public boolean passed() {
      return invariant == null;
    }
  }

  private static final int STEPS = 30;
  /**
   * The budget of one seed. A passing seed runs at most ~15,000 events and ~12 s of virtual time
   * (measured over 2,000 seeds); far past that the cluster is livelocked or flooding itself.
   */
  public static final long MAX_EVENTS = 400_000;
  public static final long MAX_VIRTUAL_NANOS = 120_000 * RaftCluster.MS;
  public static final long MAX_EVENTS_PER_INSTANT = 20_000;

  private RaftScenario() {}

  /** The cluster size a seed uses when none is given: 3, 5 or 7, drawn from the seed. */
  public static int nodesFor(long seed) {
    return new int[] {3, 3, 5, 5, 7}[(int) Math.floorMod(new SplittableRandom(seed).nextLong(), 5L)];
  }

  /** Runs the scenario of {@code seed} on {@code nodes} nodes (0: the seed's own size). */
  public static Outcome run(long seed, int nodes, Consumer<String> trace) {
    if (nodes == 0) {
      nodes = nodesFor(seed);
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int snapshotInterval = r.nextInt(3) == 0 ? 0 : 5 + r.nextInt(20);
    RaftConfig cfg = randomConfig(r);
    // A quarter of the seeds start with chaotic elections: timeouts shorter than many reply delays,
    // so candidates time out while votes of their earlier terms are still in flight.
    boolean chaotic = r.nextInt(4) == 0;
    NetworkConfig start = NetworkConfig.reliable();
    if (chaotic) {
      cfg.electionTicks = 3 + r.nextInt(4);
      cfg.heartbeatTicks = 1;
      start = NetworkConfig.unreliable();
      start.longReordering = true;
    }
    chunkSnapshots(cfg, new SplittableRandom(seed ^ 0x0C4A4B5L));
    // Peers compact at their own pace (as nodes with different snapshot thresholds or timing do):
    // a follower can then have committed past the leader's snapshot without a snapshot that far.
    SplittableRandom sr = new SplittableRandom(seed ^ 0x534E4150L);
    int[] intervals = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      intervals[i] = snapshotInterval == 0 ? 0 : snapshotInterval * (1 + sr.nextInt(3));
    }
    RaftCluster c = new RaftCluster(nodes, seed, start, cfg, intervals);
    c.sim().budget(MAX_EVENTS, MAX_VIRTUAL_NANOS, MAX_EVENTS_PER_INSTANT);
    Windows windows = new Windows();
    if (trace != null) {
      c.sim().traceTo(trace);
      c.sim().trace("scenario seed=" + seed + " nodes=" + nodes + " snapshotIntervals=" + java.util.Arrays.toString(intervals)
          + " electionTicks=" + cfg.electionTicks + " heartbeatTicks=" + cfg.heartbeatTicks + " preVote=" + cfg.preVote
          + " checkQuorum=" + cfg.checkQuorum + " noop=" + cfg.noopOnElection + " chaotic=" + chaotic
          + " batch=" + cfg.maxEntriesPerAppend + " coarseBackup=" + cfg.coarseBackup
          + " snapshotChunk=" + cfg.snapshotChunkBytes + "x" + cfg.snapshotChunksInFlight);
    }
    Client client = new Client(c, r.split());
    RaftSchedules schedules = new RaftSchedules(c, cfg, r.split(), windows, client::quietFor);
    client.schedules = schedules;
    if (r.nextInt(3) == 0) {
      schedules.armFirstElection();
    }
    boolean[] crashVoters = {false};
    SplittableRandom nemesis = r.split();
    c.world().observe((from, to, m) -> {
      // A targeted nemesis: crash a node just after it granted a vote (the reply is out, so the
      // vote must have been durable), and restart it at once so it can be asked again.
      if (crashVoters[0] && m instanceof io.gauntlet.system.raft.RaftMessage.VoteResponse v && v.granted()
          && !v.preVote() && nemesis.nextInt(2) == 0) {
        int voter = Integer.parseInt(from.substring(1));
        c.sim().schedule(nemesis.nextLong(3) * RaftCluster.MS, () -> {
          c.crash(voter);
          c.restart(voter);
        });
      }
    });
    try {
      client.next();
      for (int step = 0; step < STEPS; step++) {
        crashVoters[0] = r.nextInt(4) == 0;
        if (r.nextInt(6) == 0) {
          schedules.fire();
        } else {
          fault(c, r);
        }
        c.runFor(50 + r.nextInt(450));
        c.checkLogs();
      }
      crashVoters[0] = false;
      schedules.stop();
      heal(c);
      client.stop = true;
      c.runFor(1000);
      c.one(RaftCluster.cmd(Long.MAX_VALUE - seed), nodes, true);
      c.checkLogs();
      RaftLiveness.check(c, cfg);
      return outcome(c, null, null, windows);
    } catch (InvariantViolation v) {
      return outcome(c, v.invariant(), v.getMessage() + "\n" + c.describe(), windows);
    } catch (NoProgress e) {
      return outcome(c, NoProgress.NAME, e.report() + "each node:\n" + c.describe(), windows);
    } catch (AssertionError e) {
      return outcome(c, "liveness", e.getMessage(), windows);
    } catch (RuntimeException e) {
      return outcome(c, "exception", e + "\n" + c.describe(), windows);
    }
  }

  private static Outcome outcome(RaftCluster c, String invariant, String detail, Windows windows) {
    return new Outcome(c.seed(), invariant, detail, c.sim().now() / RaftCluster.MS, c.sim().eventsRun(),
        c.invariants().maxCommitted(), windows);
  }

  /**
   * Raft must be safe under any configuration, and aggressive ones (no PreVote, short election
   * timeouts) make the contested elections that expose vote and commit bugs far more often.
   */
  public static RaftConfig randomConfig(SplittableRandom r) {
    RaftConfig cfg = new RaftConfig();
    cfg.preVote = r.nextInt(10) < 6;
    cfg.checkQuorum = r.nextInt(10) < 6;
    cfg.noopOnElection = r.nextInt(10) < 3;
    cfg.electionTicks = 4 + r.nextInt(20);
    cfg.heartbeatTicks = 1 + r.nextInt(Math.max(1, Math.min(5, cfg.electionTicks / 3)));
    cfg.maxEntriesPerAppend = r.nextBoolean() ? 512 : 1 + r.nextInt(8);
    cfg.coarseBackup = r.nextBoolean();
    return cfg;
  }

  /**
   * Half the seeds send snapshots (a few KiB here) in chunks of 16-512 bytes, 1-4 in flight, so that
   * transfers of many chunks meet every fault. Drawn from a random source of its own, so the rest
   * of a seed's scenario is the one it was before chunks existed.
   */
  private static void chunkSnapshots(RaftConfig cfg, SplittableRandom r) {
    if (r.nextBoolean()) {
      cfg.snapshotChunkBytes = 16 << r.nextInt(6);
      cfg.snapshotChunksInFlight = 1 + r.nextInt(4);
    }
  }

  /** Crashes (and soon restarts) nodes at random moments over the next {@code millis}. */
  private static void crashStorm(RaftCluster c, SplittableRandom r, long millis) {
    int k = 2 + r.nextInt(6);
    for (int j = 0; j < k; j++) {
      long at = r.nextLong(millis) * RaftCluster.MS;
      long down = r.nextBoolean() ? 0 : r.nextLong(300) * RaftCluster.MS;
      int target = r.nextInt(3); // 0: anyone, 1: a leader or candidate, 2: a follower that just voted
      int pick = r.nextInt(c.size());
      c.sim().schedule(at, () -> {
        int victim = pick;
        for (int i = 0; i < c.size() && target != 0; i++) {
          RaftNode rf = c.raft(i);
          if (rf == null) {
            continue;
          }
          io.gauntlet.system.raft.Role role = rf.core().role();
          boolean voter = role == io.gauntlet.system.raft.Role.FOLLOWER && rf.core().votedFor() != null
              && rf.core().leader() == null;
          if (target == 1 ? role != io.gauntlet.system.raft.Role.FOLLOWER : voter) {
            victim = i; // the node whose durable state matters most right now
          }
        }
        int v = victim;
        c.crash(v);
        c.sim().schedule(down, () -> c.restart(v));
      });
    }
  }

  private static void fault(RaftCluster c, SplittableRandom r) {
    int n = c.size();
    switch (r.nextInt(17)) {
      case 14, 15 -> crashStorm(c, r, 500);
      case 0, 1 -> { // partition into two random sides
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          (r.nextBoolean() ? a : b).add(c.id(i));
        }
        c.world().partition(List.of(a, b));
      }
      case 2 -> c.disconnect(r.nextInt(n));
      case 3 -> c.connect(r.nextInt(n));
      case 4, 5 -> { // crash someone, preferring the leader (Figure 8)
        int victim = r.nextInt(n);
        for (int i = 0; i < n; i++) {
          RaftNode rf = c.raft(i);
          if (rf != null && rf.isLeader() && r.nextBoolean()) {
            victim = i;
          }
        }
        c.crash(victim);
      }
      case 6 -> { // restart everyone who is down
        for (int i = 0; i < n; i++) {
          c.restart(i);
        }
      }
      case 7 -> c.world().setLink(c.id(r.nextInt(n)), c.id(r.nextInt(n)), false);
      case 8 -> c.world().setLinkDelay(c.id(r.nextInt(n)), c.id(r.nextInt(n)), (50 + r.nextInt(400)) * RaftCluster.MS);
      case 9, 16 -> {
        NetworkConfig net = r.nextBoolean() ? NetworkConfig.unreliable() : NetworkConfig.reliable();
        net.maxDelayNanos = new long[] {1, 27, 100, 300}[r.nextInt(4)] * RaftCluster.MS; // reorders requests too
        net.longReordering = r.nextBoolean();
        net.duplicateRate = r.nextInt(3) == 0 ? 0.1 : 0;
        c.setNetwork(net);
      }
      case 12 -> { // restart one node that is down
        int i = r.nextInt(n);
        c.restart(i);
      }
      case 10 -> { // heal the network
        c.world().heal();
        for (int i = 0; i < n; i++) {
          c.connect(i);
        }
      }
      default -> { // (11, 13) crash and restart at once: lose what was not synced
        int victim = r.nextInt(n);
        c.crash(victim);
        c.restart(victim);
      }
    }
  }

  private static void heal(RaftCluster c) {
    c.setNetwork(NetworkConfig.reliable());
    c.world().heal();
    for (int i = 0; i < c.size(); i++) {
      c.restart(i);
      c.connect(i);
    }
  }

  /** Proposes a fresh command to every node that accepts it, and reads now and then. */
  private static final class Client {
    private final RaftCluster c;
    private final SplittableRandom r;
    private long next = 1;
    private long readContext = 1;
    private long quietUntil;
    RaftSchedules schedules;
    boolean stop;

    /** No proposals for {@code millis}: only reads, so a new leader has no entry of its term. */
    void quietFor(long millis) {
      quietUntil = c.sim().now() + millis * RaftCluster.MS;
    }

    Client(RaftCluster c, SplittableRandom r) {
      this.c = c;
      this.r = r;
    }

    void next() {
      if (stop) {
        return;
      }
      byte[] cmd = RaftCluster.cmd(next++);
      boolean quiet = c.sim().now() < quietUntil;
      for (int i = 0; i < c.size(); i++) {
        RaftPeer p = c.connected(i) ? c.peer(i) : null; // a node cut off from everyone is cut off from the client too
        if (p != null && p.raft().isLeader() && quiet) {
          schedules.quietRead(p.raft());
          p.read(readContext++);
        } else if (p != null && p.raft().isLeader()) {
          p.raft().propose(cmd);
          if (r.nextInt(4) == 0) {
            p.read(readContext++);
          }
        }
      }
      c.sim().schedule((5 + r.nextInt(40)) * RaftCluster.MS, this::next);
    }
  }
}
