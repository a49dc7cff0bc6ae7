package io.gauntlet.workloads.kvraft;

import io.gauntlet.system.kvraft.KvServer;
import io.gauntlet.system.raft.RaftCore;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fault schedules aimed at the moments where an RSM's classic bugs live, drawn from the seed, each
 * counted in {@link Windows} when it fires and when it reaches its moment:
 *
 * <ul>
 *   <li>{@value #DEPOSED}: the leader is cut off from the other servers while clerks still reach it
 *       and send it calls; it holds their proposals while a new leader writes other commands at the
 *       same indexes, then it comes back (reached: its pending entries were replaced);</li>
 *   <li>{@value #DEPOSED_ANSWERS}: as {@value #DEPOSED}, but each clerk reaches only one side (so
 *       the calls waiting at the old leader cannot complete elsewhere, while the other clerks fill
 *       the new leader's log), and the partition heals the moment a new leader has committed
 *       entries at every index where the old one holds its own, while the old one still believes it
 *       leads: its check for a lost leadership has not run, so its first catch-up replaces and
 *       applies them all under the eyes of the calls waiting on them (reached: healed in that
 *       window with entries of its own not committed);</li>
 *   <li>{@value #SNAPSHOT_CRASH}: the leader crashes the moment it has taken a snapshot;</li>
 *   <li>{@value #QUIET}: the clerks pause while the leader crashes, so the calls resume at a leader
 *       elected with no client load, whose only entry of its term is its no-op (the RSM always
 *       turns {@code noopOnElection} on); reached: a new leader when the calls resume.</li>
 * </ul>
 */
final class KvRaftSchedules {
  static final String DEPOSED = "kv deposed leader + clerks";
  static final String DEPOSED_ANSWERS = "kv deposed leader healed at once";
  static final String SNAPSHOT_CRASH = "kv crash after snapshot";
  static final String QUIET = "kv quiet leader change";

  private static final long MS = KvRaftCluster.MS;

  private final KvRaftCluster c;
  private final SplittableRandom r;
  private final Windows windows;
  private final boolean snapshots;
  /** Clerks make no calls before this virtual time. */
  long pausedUntil;
  /** Set when the scenario heals: faults still scheduled stand down (restarts and heals still run). */
  private boolean stopped;

  KvRaftSchedules(KvRaftCluster c, SplittableRandom r, Windows windows, boolean snapshots) {
    this.c = c;
    this.r = r;
    this.windows = windows;
    this.snapshots = snapshots;
  }

  void stop() {
    stopped = true;
  }

  void fire() {
    // The healed-at-once window is the narrowest (the old leader must not have noticed yet): it
    // gets two draws.
    switch (r.nextInt(snapshots ? 5 : 4)) {
      case 0 -> deposed();
      case 1 -> quiet();
      case 2, 3 -> deposedHealedAtOnce();
      default -> snapshotCrash();
    }
  }

  private RaftCore core(int i) {
    KvServer s = c.server(i);
    return s == null ? null : s.rsm().raft().core();
  }

  /** Every server but {@code l}. */
  private List<Integer> allBut(int l) {
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      if (i != l) {
        rest.add(i);
      }
    }
    return rest;
  }

  private void deposed() {
    windows.fired(DEPOSED);
    int l = c.leader();
    if (l < 0) {
      return;
    }
    long term = core(l).term();
    long first = core(l).lastIndex() + 1;
    List<Integer> rest = allBut(l);
    c.partition(List.of(l), rest);
    c.sim().schedule((500 + r.nextInt(1500)) * MS, () -> {
      RaftCore old = core(l);
      boolean holding = old != null && old.lastIndex() >= first && old.entryTerm(first) == term;
      c.heal();
      c.sim().schedule(1_000 * MS, () -> {
        RaftCore back = core(l);
        // Replaced: a newer term's entry at `first`, or a snapshot over it (its own entries there
        // were never committed, so whatever the snapshot holds at `first` is the new leader's).
        if (holding && back != null && (back.entryTerm(first) > term || back.snapshotIndex() >= first)) {
          windows.reached(DEPOSED); // the proposals it held were replaced by the new leader's entries
        }
      });
    });
  }

  private void deposedHealedAtOnce() {
    windows.fired(DEPOSED_ANSWERS);
    int l = c.leader();
    if (l < 0) {
      return;
    }
    long term = core(l).term();
    List<Integer> rest = allBut(l);
    // On a reliable network the old leader's catch-up takes a few milliseconds, well inside one
    // period of its check for a lost leadership; on a lossy one that check usually comes first.
    NetworkConfig before = c.world().network();
    NetworkConfig calm = NetworkConfig.reliable();
    c.setNetwork(calm);
    c.partition(List.of(l), rest);
    for (int k = 0; k < c.clerks(); k++) {
      c.restrictClerk(k, r.nextBoolean() ? List.of(l) : rest);
    }
    healWhenSucceeded(l, term, rest, 0, () -> {
      if (c.world().network() == calm) { // else a later fault chose the network: keep it
        c.setNetwork(before);
      }
    });
  }

  /**
   * Every 2 ms: heals as soon as a server of {@code rest} leads in a later term and has committed
   * entries up to {@code l}'s last while {@code l} still leads in {@code term} (the window), or once
   * {@code l} stepped down (missed), or after 3 s; the network the schedule calmed is restored
   * 300 ms after the heal.
   */
  private void healWhenSucceeded(int l, long term, List<Integer> rest, int polls, Runnable restoreNetwork) {
    c.sim().schedule(2 * MS, () -> {
      RaftCore old = core(l);
      boolean stillLeads = old != null && old.isLeader() && old.term() == term;
      // Succeeded: a new leader has committed entries at every index where the old one holds
      // its own, so the old leader's catch-up replaces and applies all of them at once.
      boolean succeeded = false;
      for (int i : rest) {
        RaftCore x = core(i);
        succeeded |= x != null && old != null && x.isLeader() && x.term() > term && x.commitIndex() >= old.lastIndex();
      }
      if (stillLeads && !succeeded && !stopped && polls < 1500) {
        healWhenSucceeded(l, term, rest, polls + 1, restoreNetwork);
        return;
      }
      if (stillLeads && succeeded && old.lastIndex() > old.commitIndex()) {
        windows.reached(DEPOSED_ANSWERS);
      }
      c.heal();
      // The clerks stay on their side a little longer: those waiting at the old leader must not
      // complete their calls at the new one before the old leader has caught up and answered.
      c.sim().schedule(200 * MS, c::connectClerks);
      c.sim().schedule(300 * MS, restoreNetwork); // after the catch-up the network was calmed for
    });
  }

  private void quiet() {
    windows.fired(QUIET);
    long millis = 800 + r.nextInt(1200);
    pausedUntil = c.sim().now() + millis * MS;
    // Calls already out finish (or give up) first; then the leader crashes in the silence.
    c.sim().schedule(400 * MS, () -> {
      int l = c.leader();
      if (l >= 0 && !stopped) {
        c.crash(l);
        c.sim().schedule((100 + r.nextInt(300)) * MS, () -> c.restart(l));
      }
    });
    int before = c.leader();
    long termBefore = before < 0 ? Long.MAX_VALUE : core(before).term();
    c.sim().schedule(millis * MS, () -> {
      int now = c.leader();
      RaftCore n = now < 0 ? null : core(now);
      if (n != null && n.term() > termBefore) {
        windows.reached(QUIET); // calls resume at a leader elected in the silence
      }
    });
  }

  /** Watches the leader for up to 2 s and crashes it the moment its snapshot index moves. */
  private void snapshotCrash() {
    windows.fired(SNAPSHOT_CRASH);
    int l = c.leader();
    if (l >= 0) {
      watch(l, core(l).snapshotIndex(), 0);
    }
  }

  private void watch(int l, long snap, int polls) {
    c.sim().schedule(2 * MS, () -> {
      RaftCore core = core(l);
      if (stopped || core == null || !core.isLeader() || polls > 1000) {
        return;
      }
      if (core.snapshotIndex() == snap) {
        watch(l, snap, polls + 1);
        return;
      }
      windows.reached(SNAPSHOT_CRASH);
      c.crash(l);
      c.sim().schedule(r.nextLong(500) * MS, () -> c.restart(l));
    });
  }
}
