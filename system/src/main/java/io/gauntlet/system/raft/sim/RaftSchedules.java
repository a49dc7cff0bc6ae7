package io.gauntlet.system.raft.sim;

import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftMessage;
import io.gauntlet.system.raft.RaftNode;
import io.gauntlet.system.sim.Windows;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fault schedules aimed at the narrow moments where Raft's classic bugs live, drawn from the seed
 * like the random faults. Each counts in {@link Windows} when it fires and when it reaches the
 * moment it aims at, so the soak shows how often each window is actually exercised:
 *
 * <ul>
 *   <li>{@value #QUIET}: no client load while the leader changes, with reads only: a new leader has no
 *       entry of its term, so its commit index may be stale (Raft §8);</li>
 *   <li>{@value #STEPDOWN}: a leader steps down (CheckQuorum, or a higher term), then requests of its
 *       term (its appends, and every vote request of that term) are delivered again, late;</li>
 *   <li>{@value #CONTESTED}: the same aimed at a contested election: the winner steps down by
 *       CheckQuorum while its rival is still a candidate of the same term, and gets the rival's
 *       vote request again;</li>
 *   <li>{@value #SNAPSHOT_CRASH}: the leader crashes right after it takes a snapshot, while a
 *       follower still lacks entries the snapshot covers;</li>
 *   <li>{@value #DEPOSED}: a leader holding several uncommitted proposals is cut off while a new
 *       leader writes different entries at the same indexes, then comes back;</li>
 *   <li>{@value #LATE_GRANTS}: for a while every granted vote is delivered a second time, one or two
 *       election timeouts late, when its candidate may be campaigning in a later term;</li>
 *   <li>{@value #LATE_SNAPSHOT}: for a while every InstallSnapshot is delivered a second time, late,
 *       when its receiver has committed past it.</li>
 * </ul>
 *
 * <p>Every schedule ends (or is cut short by {@link #stop}) before the scenario's end phase.
 */
final class RaftSchedules {
  static final String QUIET = "raft quiet leader change";
  static final String STEPDOWN = "raft stepdown + late reqs";
  static final String CONTESTED = "raft contested stepdown";
  static final String SNAPSHOT_CRASH = "raft crash after snapshot";
  static final String DEPOSED = "raft deposed w/ proposals";
  static final String LATE_GRANTS = "raft late vote grants";
  static final String LATE_SNAPSHOT = "raft late snapshot";

  private static final long MS = RaftCluster.MS;
  /** How many recent requests are kept for late delivery. */
  private static final int RECENT = 64;

  private final RaftCluster c;
  private final RaftConfig cfg;
  private final SplittableRandom r;
  private final Windows windows;
  private final Quiet quiet;
  private final ArrayDeque<Sent> recent = new ArrayDeque<>();
  private final ArrayDeque<Sent> recentVotes = new ArrayDeque<>();
  private boolean stopped;
  private boolean snapshotCrashArmed;
  private boolean contestArmed;
  /** Until this virtual time, granted votes / snapshots sent are delivered again, late. */
  private long lateGrantsUntil;
  private long lateSnapshotsUntil;

  private record Sent(String from, String to, RaftMessage m) {}

  /** What the scenario's client must do while a quiet period lasts. */
  interface Quiet {
    void quietFor(long millis);
  }

  RaftSchedules(RaftCluster c, RaftConfig cfg, SplittableRandom r, Windows windows, Quiet quiet) {
    this.c = c;
    this.cfg = cfg;
    this.r = r;
    this.windows = windows;
    this.quiet = quiet;
    c.world().observe((from, to, m) -> {
      // Votes in a ring of their own: a burst of appends must not push them out.
      ArrayDeque<Sent> ring = m instanceof RaftMessage.AppendRequest ? recent
          : m instanceof RaftMessage.VoteRequest v && !v.preVote() ? recentVotes : null;
      if (ring != null) {
        if (ring.size() == RECENT) {
          ring.poll();
        }
        ring.add(new Sent(from, to, (RaftMessage) m));
      }
    });
    c.world().observe((from, to, m) -> {
      if (stopped) {
        return;
      }
      if (m instanceof RaftMessage.VoteResponse v && v.granted() && !v.preVote() && c.sim().now() < lateGrantsUntil) {
        long late = (1 + r.nextInt(2)) * cfg.electionTicks * cfg.tickNanos + r.nextLong(cfg.tickNanos);
        c.sim().schedule(late, () -> {
          RaftNode dest = c.raft(Integer.parseInt(to.substring(1)));
          if (dest != null && dest.core().role() == io.gauntlet.system.raft.Role.CANDIDATE && dest.term() > v.term()) {
            windows.reached(LATE_GRANTS); // a grant of an older election reaches a candidate of a newer one
          }
          c.world().sendAs(from, to, v);
        });
      } else if (m instanceof RaftMessage.SnapshotRequest sr && c.sim().now() < lateSnapshotsUntil) {
        c.sim().schedule((5 + r.nextInt(300)) * MS, () -> {
          RaftNode dest = c.raft(Integer.parseInt(to.substring(1)));
          if (dest != null && dest.term() == sr.term() && dest.core().commitIndex() > sr.lastIncludedIndex()) {
            windows.reached(LATE_SNAPSHOT); // a current-term snapshot older than what the receiver committed
          }
          c.world().sendAs(from, to, sr);
        });
      }
    });
    c.onSnapshot(this::snapshotTaken);
    c.onBecomeLeader(this::becameLeader);
  }

  /** No more aimed faults: the scenario is healing. */
  void stop() {
    stopped = true;
    snapshotCrashArmed = false;
    contestArmed = false;
  }

  /** Arms the contested schedule for the very first election (where all nodes start at once). */
  void armFirstElection() {
    armContested();
  }

  private void armContested() {
    if (cfg.checkQuorum) {
      windows.fired(CONTESTED);
      contestArmed = true; // waits for a contested election: see becameLeader
    }
  }

  /** Fires one schedule drawn from the seed. */
  void fire() {
    switch (r.nextInt(7)) {
      case 5 -> {
        windows.fired(LATE_GRANTS);
        lateGrantsUntil = c.sim().now() + (500 + r.nextInt(1500)) * MS;
      }
      case 6 -> {
        windows.fired(LATE_SNAPSHOT);
        lateSnapshotsUntil = c.sim().now() + (500 + r.nextInt(1500)) * MS;
      }
      case 4 -> armContested();
      case 0 -> quietLeaderChange();
      case 1 -> stepDownThenLateRequests();
      case 2 -> {
        windows.fired(SNAPSHOT_CRASH);
        snapshotCrashArmed = true;
      }
      default -> deposedWithProposals();
    }
  }

  private int leader() {
    int found = -1;
    long best = -1;
    for (int i = 0; i < c.size(); i++) {
      RaftNode rf = c.raft(i);
      if (rf != null && rf.isLeader() && rf.term() > best) {
        found = i;
        best = rf.term();
      }
    }
    return found;
  }

  /** Client load stops; half the time the leader crashes at once; reads keep coming. */
  private void quietLeaderChange() {
    windows.fired(QUIET);
    long millis = 300 + r.nextInt(700);
    quiet.quietFor(millis);
    int l = leader();
    if (l >= 0 && r.nextBoolean()) {
      c.crash(l);
      c.sim().schedule((50 + r.nextInt(200)) * MS, () -> c.restart(l));
    }
  }

  /** Called by the client for each read it starts during a quiet period. */
  void quietRead(RaftNode leader) {
    long commit = leader.core().commitIndex();
    if (leader.core().entryTerm(commit) != leader.term()) {
      windows.reached(QUIET); // a leader with no entry of its own term committed answers a read
    }
  }

  /**
   * The leader of term T is cut off so it steps down (by CheckQuorum, or when it later hears the
   * higher term of the leader elected meanwhile); the moment it has, every recent request of term T
   * is delivered again, as a network that delayed them would.
   */
  private void stepDownThenLateRequests() {
    windows.fired(STEPDOWN);
    int l = leader();
    if (l < 0) {
      return;
    }
    long term = c.raft(l).term();
    boolean viaCheckQuorum = cfg.checkQuorum && r.nextBoolean();
    c.disconnect(l);
    if (!viaCheckQuorum) {
      // The others elect a higher term; reconnecting tells the old leader.
      c.sim().schedule((2L * cfg.electionTicks * cfg.tickNanos) + r.nextInt(200) * MS, () -> c.connect(l));
    }
    awaitStepDown(l, term, 0);
  }

  private void awaitStepDown(int l, long term, int polls) {
    c.sim().schedule(5 * MS, () -> {
      if (stopped) {
        return;
      }
      RaftNode rf = c.raft(l);
      if (rf != null && rf.isLeader() && rf.term() == term) {
        if (polls < 400) {
          awaitStepDown(l, term, polls + 1);
        }
        return;
      }
      c.connect(l);
      boolean reached = false;
      for (Sent s : late()) {
        if (s.m().term() != term) {
          continue;
        }
        RaftNode dest = c.raft(Integer.parseInt(s.to().substring(1)));
        if (dest != null && dest.term() == term) {
          reached = true; // still current at the receiver: it must be judged on its merits
          if (s.m() instanceof RaftMessage.VoteRequest && s.to().equals(c.id(l)) && !dest.isLeader()) {
            windows.reached(CONTESTED); // a rival's vote of the term goes to the deposed leader
          }
        }
        c.world().sendAs(s.from(), s.to(), s.m());
      }
      if (reached) {
        windows.reached(STEPDOWN);
      }
    });
  }

  /**
   * The contested variant: node X just won term T, which B also ran in (its requests crossed X's).
   * Both are cut off, so X steps down by CheckQuorum while B, hearing no rejections, may still be a
   * candidate of T; then X and B are reconnected to each other and B's (and every) request of T is
   * delivered to X again. X voted in T (for itself) and must not vote again: if it did, B could
   * lead T too.
   */
  private void becameLeader(int x) {
    if (!contestArmed || stopped) {
      return;
    }
    long term = c.raft(x).term();
    int b = -1;
    for (int i = 0; i < c.size(); i++) {
      RaftNode o = c.raft(i);
      if (i != x && o != null && o.term() == term && c.id(i).equals(o.core().votedFor())) {
        b = i;
      }
    }
    if (b < 0) {
      return;
    }
    contestArmed = false;
    int rival = b;
    c.disconnect(x);
    c.disconnect(rival);
    awaitContestStepDown(x, rival, term, 0);
  }

  private void awaitContestStepDown(int x, int b, long term, int polls) {
    c.sim().schedule(cfg.tickNanos, () -> {
      if (stopped) {
        return;
      }
      RaftNode rx = c.raft(x);
      if (rx != null && rx.isLeader() && rx.term() == term) {
        if (polls < 200) {
          awaitContestStepDown(x, b, term, polls + 1);
        }
        return;
      }
      c.world().setLink(c.id(x), c.id(b), true);
      c.world().setLink(c.id(b), c.id(x), true);
      RaftNode rb = c.raft(b);
      if (rx != null && rx.term() == term) {
        windows.reached(CONTESTED); // the rival's request of this term reaches the deposed winner
      }
      for (Sent s : late()) {
        if (s.m().term() == term && s.to().equals(c.id(x))) {
          c.world().sendAs(s.from(), s.to(), s.m());
        }
      }
      c.sim().schedule(2L * cfg.electionTicks * cfg.tickNanos, () -> {
        c.connect(x);
        c.connect(b);
      });
    });
  }

  /** The recorded requests, votes first (a copy: delivering them records them again). */
  private List<Sent> late() {
    List<Sent> all = new ArrayList<>(recentVotes);
    all.addAll(recent);
    return all;
  }

  private void snapshotTaken(int peer, long index) {
    RaftNode rf = c.raft(peer);
    if (!snapshotCrashArmed || stopped || rf == null || !rf.isLeader()) {
      return;
    }
    snapshotCrashArmed = false;
    boolean behind = false;
    for (int i = 0; i < c.size(); i++) {
      RaftNode o = c.raft(i);
      if (i != peer && o != null && o.core().lastIndex() < index) {
        behind = true; // the next leader must send it a snapshot, or the restarted one must
      }
    }
    if (behind) {
      windows.reached(SNAPSHOT_CRASH);
    }
    long delay = r.nextLong(3) * MS;
    long down = r.nextInt(3) == 0 ? 0 : r.nextLong(400) * MS;
    c.sim().schedule(delay, () -> {
      c.crash(peer);
      c.sim().schedule(down, () -> c.restart(peer));
    });
  }

  /**
   * The leader takes several proposals and is cut off at once, before it can replicate them; the
   * others elect a leader whose new entries take the same indexes; then the old leader returns and
   * must drop its proposals for the new leader's entries.
   */
  private void deposedWithProposals() {
    windows.fired(DEPOSED);
    int l = leader();
    if (l < 0) {
      return;
    }
    RaftNode old = c.raft(l);
    long first = old.core().lastIndex() + 1;
    long term = old.term();
    long away = 2L * cfg.electionTicks * cfg.tickNanos + (100 + r.nextInt(600)) * MS;
    // Half the time (5+ nodes) the old leader keeps a follower, which copies its proposals; the
    // client is quiet, and the new leader writes a single entry: so at the return the new entries
    // cover only the first of the old ones, and the rest must still be dropped as they arrive.
    boolean withFollower = c.size() >= 5 && r.nextBoolean();
    int k = withFollower ? 4 + r.nextInt(9) : 2 + r.nextInt(5);
    for (int j = 0; j < k; j++) {
      old.propose(RaftCluster.cmd(-(c.sim().now() / MS * 16 + j) - 1));
    }
    int f = (l + 1 + r.nextInt(c.size() - 1)) % c.size();
    if (withFollower) {
      quiet.quietFor(away / MS + 300);
      List<String> side = List.of(c.id(l), c.id(f));
      List<String> rest = new ArrayList<>();
      for (int i = 0; i < c.size(); i++) {
        if (i != l && i != f) {
          rest.add(c.id(i));
        }
      }
      c.world().partition(List.of(side, rest));
      proposeAtNewLeader(l, f, term, 0);
    } else {
      c.disconnect(l);
    }
    c.sim().schedule(away, () -> {
      if (withFollower) {
        c.world().heal();
        for (int i = 0; i < c.size(); i++) {
          if (!c.connected(i)) {
            c.disconnect(i); // faults of the scenario's own stay as they were
          }
        }
      } else {
        c.connect(l);
      }
      c.sim().schedule(4L * cfg.electionTicks * cfg.tickNanos, () -> {
        RaftNode back = c.raft(l);
        long now = back == null ? -1 : back.core().entryTerm(first);
        // Replaced: a newer entry at `first`, or a snapshot over it (its own entries there were
        // never committed, so what the snapshot holds at `first` is the new leader's).
        if (now > term || (back != null && back.core().snapshotIndex() >= first)) {
          windows.reached(DEPOSED); // its proposal at `first` was replaced by a newer leader's entry
        }
      });
    });
  }

  /** Once the majority side has a leader newer than {@code term}, it proposes one command. */
  private void proposeAtNewLeader(int l, int f, long term, int polls) {
    c.sim().schedule(20 * MS, () -> {
      for (int i = 0; i < c.size(); i++) {
        RaftNode n = c.raft(i);
        if (i != l && i != f && n != null && n.isLeader() && n.term() > term) {
          n.propose(RaftCluster.cmd(-(c.sim().now() / MS * 16 + 15) - 1));
          return;
        }
      }
      if (polls < 100 && !stopped) {
        proposeAtNewLeader(l, f, term, polls + 1);
      }
    });
  }
}
