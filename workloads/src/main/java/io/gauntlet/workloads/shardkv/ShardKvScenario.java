package io.gauntlet.workloads.shardkv;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.raft.sim.RaftLiveness;
import io.gauntlet.system.shardctrler.ShardConfig;
import io.gauntlet.system.shardkv.ShardKvServer;
import io.gauntlet.system.shardkv.ShardStatus;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.NoProgress;
import io.gauntlet.system.sim.Windows;
import io.gauntlet.system.shardctrler.CtrlerClerk;
import io.gauntlet.system.shardctrler.Shards;
import io.gauntlet.workloads.sim.HistoryCheck;
import io.gauntlet.workloads.sim.SimHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One seeded randomized sharded-KV run: concurrent clerks doing Get/Put/Append on a small key set
 * while a nemesis joins, leaves and moves groups and shards, crashes replicas (losing unsynced
 * writes), whole groups and controller replicas, isolates nodes and makes the network unreliable.
 * Then every fault heals, the clerks finish, a fresh clerk reads every key (all must answer), and
 * the recorded history is checked for linearizability (kv model, per key).
 *
 * <p>What it catches: a shard served before its data arrived (a read misses earlier writes), a
 * shard deleted before its new owner had it (writes vanish), a duplicate table that did not move
 * with its shard (a retried Append applied twice), lost acknowledged writes across crashes and
 * snapshots, and reconfiguration that stalls (the final reads do not complete).
 */
public final class ShardKvScenario {
  private static final long MS = ShardKvCluster.MS;
  private static final long S = ShardKvCluster.SECOND;
  /** A seed's budget: far beyond what a passing seed needs; past it the seed fails as "no progress". */
  static final long MAX_EVENTS = 10_000_000;
  static final long MAX_VIRTUAL_NANOS = 900 * S;
  static final long MAX_EVENTS_PER_INSTANT = 50_000;

  /** How one run ended. {@code reason} is null when it passed. */
  public record Outcome(long seed, boolean passed, String reason, String setup, long virtualMillis, long ops,
      History history, CheckResult check, Windows windows) implements io.gauntlet.system.sim.Soak.Outcome {}

  /** The aimed schedule: a group's leader crashes right after it applies a new configuration. */
  static final String CONFIG_CRASH = "shardkv crash after config";
  /** ... while one of its shards is moving (handed off, or arriving), clerks still on the old view. */
  static final String HANDOFF_CRASH = "shardkv crash mid-handoff";
  /**
   * A group's leader is cut off from its replicas, and the clerks split: some reach only it, the
   * others only the replicas. Reached: a replica leads in a later term while the old leader still
   * believes it leads, so writes commit at the new leader while readers ask the old one (which must
   * refuse to answer without ReadIndex).
   */
  static final String DEPOSED_READS = "shardkv deposed leader + readers";

  private final long seed;
  private final SplittableRandom r;
  private final ShardKvCluster c;
  private final SimHistory history;
  private final CtrlerClerk admin;
  private final List<Integer> pool = new ArrayList<>();
  private final TreeSet<Integer> members = new TreeSet<>();
  private final List<String> keys = new ArrayList<>();
  private final String setup;
  private final Windows windows = new Windows();
  /** Set when every fault heals: aimed faults still armed stand down. */
  private boolean healed;

  private ShardKvScenario(long seed, Consumer<String> trace) {
    this.seed = seed;
    this.r = new SplittableRandom(seed);
    ShardKvCluster.Options o = new ShardKvCluster.Options();
    o.nShards = new int[] {4, 6, 12, 12}[r.nextInt(4)];
    o.maxRaftState = new long[] {-1, 300, 1000, 4000}[r.nextInt(4)];
    o.network = r.nextInt(3) == 0 ? NetworkConfig.reliable() : NetworkConfig.unreliable();
    if (r.nextInt(4) == 0) {
      o.network.duplicateRate = 0.05;
    }
    if (r.nextInt(6) == 0) {
      o.network.longReordering = true;
    }
    // Without CheckQuorum a deposed leader never steps down on its own: only ReadIndex and the log
    // keep it from answering, which is what the soak must exercise.
    o.raft.checkQuorum = r.nextBoolean();
    o.raft.preVote = r.nextBoolean();
    this.c = new ShardKvCluster(seed, o);
    c.sim().budget(MAX_EVENTS, MAX_VIRTUAL_NANOS, MAX_EVENTS_PER_INSTANT);
    if (trace != null) {
      c.sim().traceTo(trace);
    }
    this.history = new SimHistory(c.sim(), "sim-shardkv seed " + seed);
    this.admin = c.newCtrlerClerk();
    int groups = 2 + r.nextInt(3);
    for (int i = 0; i < groups; i++) {
      pool.add(100 + i);
    }
    int nKeys = 3 + r.nextInt(4);
    while (keys.size() < nKeys) { // distinct keys: a repeated draw is drawn again
      String k = "k" + r.nextInt(40);
      if (!keys.contains(k)) {
        keys.add(k);
      }
    }
    this.setup = "shards=" + o.nShards + " maxraftstate=" + o.maxRaftState + " groups=" + groups + " keys=" + keys
        + " net=[" + o.network + "] checkQuorum=" + o.raft.checkQuorum + " preVote=" + o.raft.preVote;
  }

  public static Outcome run(long seed, Consumer<String> trace) {
    return new ShardKvScenario(seed, trace).run();
  }

  private Outcome run() {
    try {
      return runChecked();
    } catch (NoProgress e) {
      return outcome(false, NoProgress.NAME + ": " + e.report(), null);
    } catch (RuntimeException | AssertionError e) {
      return outcome(false, "scenario error: " + e, null);
    }
  }

  private Outcome runChecked() {
    int first = pool.get(0);
    c.startGroup(first);
    members.add(first);
    c.await(admin.join(Map.of(first, c.servers(first))), 30 * S, "initial join");
    ClientPool clients = new ClientPool(c, history);
    // Long reordering keeps calls open for seconds; with many clerks the overlapping Appends make
    // the linearizability search explode, so fewer clerks then.
    int n = c.world().network().longReordering ? 3 + r.nextInt(3) : 4 + r.nextInt(7);
    for (int i = 0; i < n; i++) {
      clients.add(keys, r.split(), 40, 20, 20 * MS);
    }
    long end = c.sim().now() + (5 + r.nextInt(8)) * S;
    while (c.sim().now() < end) {
      c.runFor((100 + r.nextInt(600)) * MS);
      nemesis();
    }
    healAll();
    if (!clients.stopAndAwait(60 * S)) {
      return outcome(false, "stuck: " + clients.busy() + " clerk calls unfinished 60 s after every fault healed", null);
    }
    // Every key must be readable from a fresh clerk once the system is whole again.
    RecordedClerk reader = c.newRecordedClerk(history);
    for (String k : keys) {
      CompletableFuture<KvResult> f = reader.get(k);
      if (!c.runUntil(f::isDone, 30 * S)) {
        return outcome(false, "stuck: final Get(" + k + ", shard " + Shards.keyToShard(k, c.nShards())
            + ") unanswered 30 s after every fault healed", null);
      }
    }
    String unsettled = settled();
    if (unsettled != null) {
      return outcome(false, "liveness: " + unsettled, null);
    }
    // A write applied to a handed-off shard after its new owner pulled it is lost, whether or not
    // a read shows it; the rule is checked where it is broken, not only through its consequences.
    if (!c.unservedWrites().isEmpty()) {
      return outcome(false, "write to an unserved shard: " + c.unservedWrites().get(0), null);
    }
    CheckResult check = HistoryCheck.linearizable(history.build(), "kv", Duration.ofSeconds(60));
    if (check.verdict() == Verdict.INVALID) {
      return outcome(false, "history not linearizable: " + (check.violation() == null ? "" : check.violation().toJson()), check);
    }
    if (check.verdict() == Verdict.UNKNOWN) {
      return outcome(false, "linearizability unknown: " + check.cause(), check);
    }
    return outcome(true, null, check);
  }

  /**
   * After every fault healed and every call finished: each started group's live replicas hold the
   * controller's latest configuration with every shard settled (so each shard of that configuration
   * is served by its owner), and each group and the controller have one stable leader, term and
   * commit index. Null if so, else what is wrong.
   */
  private String settled() {
    ShardConfig latest = c.await(admin.query(-1), 30 * S, "query latest configuration");
    boolean reached = c.runUntil(() -> {
      for (int g : c.groups().keySet()) {
        for (String n : c.servers(g)) {
          if (c.world().node(n) instanceof ShardKvServer s
              && (s.state().config().num() != latest.num() || !s.state().settled())) {
            return false;
          }
        }
      }
      return true;
    }, 30 * S);
    if (!reached) {
      StringBuilder b = new StringBuilder("not every group reached configuration " + latest.num()
          + " with its shards settled 30 s after every fault healed:");
      for (int g : c.groups().keySet()) {
        for (String n : c.servers(g)) {
          if (c.world().node(n) instanceof ShardKvServer s) {
            b.append(' ').append(n).append("@").append(s.state().config().num()).append(s.state().settled() ? "" : "(moving)");
          }
        }
      }
      return b.toString();
    }
    for (int s = 0; s < c.nShards(); s++) {
      int owner = latest.owner(s);
      for (String n : owner <= 0 || !c.groups().containsKey(owner) ? List.<String>of() : c.servers(owner)) {
        if (c.world().node(n) instanceof ShardKvServer srv && srv.state().shard(s).status() != ShardStatus.SERVING) {
          return "shard " + s + " is not served by its owner " + owner + " (" + n + ": " + srv.state().shard(s).status() + ")";
        }
      }
    }
    List<RaftLiveness.Group> groups = new ArrayList<>();
    for (int g : c.groups().keySet()) {
      List<String> names = c.servers(g);
      groups.add(new RaftLiveness.Group("group " + g, names,
          i -> c.world().node(names.get(i)) instanceof ShardKvServer s ? s.rsm().raft() : null));
    }
    return RaftLiveness.stable(c.sim(), groups, c.options().raft, 3);
  }

  private Outcome outcome(boolean passed, String reason, CheckResult check) {
    History h = history.build();
    return new Outcome(seed, passed, reason, setup, c.sim().now() / MS, h.ops().size(), h, check, windows);
  }

  private void nemesis() {
    if (r.nextInt(8) == 0) {
      // A burst of reconfigurations back to back: groups must take them one at a time while
      // earlier migrations are still under way.
      for (int i = 2 + r.nextInt(3); i > 0; i--) {
        reconfigure(r.nextInt(42));
      }
      return;
    }
    if (r.nextInt(7) == 0) {
      crashAfterConfig();
      return;
    }
    if (r.nextInt(9) == 0) {
      deposedLeaderWithReaders();
      return;
    }
    int p = r.nextInt(100);
    if (p < 42) {
      reconfigure(p);
    } else {
      fault(p);
    }
  }

  /** Join (p < 18), leave (p < 32) or move (otherwise), through the controller, not waited for. */
  private void reconfigure(int p) {
    if (p < 18) {
      List<Integer> out = pool.stream().filter(g -> !members.contains(g)).toList();
      if (!out.isEmpty()) {
        int g = out.get(r.nextInt(out.size()));
        c.startGroup(g);
        members.add(g);
        history.nemesis("join", String.valueOf(g));
        admin.join(Map.of(g, c.servers(g)));
      }
    } else if (p < 32) {
      if (members.size() > 1) {
        int g = new ArrayList<>(members).get(r.nextInt(members.size()));
        members.remove(g);
        history.nemesis("leave", String.valueOf(g));
        admin.leave(List.of(g)); // the group keeps running: it must hand its shards off
      }
    } else {
      int g = new ArrayList<>(members).get(r.nextInt(members.size()));
      int s = r.nextInt(c.nShards());
      history.nemesis("move", s + "->" + g);
      admin.move(s, g);
    }
  }

  private void fault(int p) {
    if (p < 60) {
      String n = randomServer();
      history.nemesis("crash", n);
      c.world().crash(n);
      c.sim().schedule((100 + r.nextInt(1500)) * MS, () -> restart(n));
    } else if (p < 66) {
      int g = pool.get(r.nextInt(pool.size()));
      if (c.groups().containsKey(g)) {
        history.nemesis("crash-group", String.valueOf(g));
        c.shutdownGroup(g);
        c.sim().schedule((200 + r.nextInt(2000)) * MS, () -> {
          history.nemesis("restart-group", String.valueOf(g));
          c.startGroup(g);
        });
      }
    } else if (p < 72) {
      String n = c.ctrlers().get(r.nextInt(c.ctrlers().size()));
      history.nemesis("crash", n);
      c.world().crash(n);
      c.sim().schedule((100 + r.nextInt(1500)) * MS, () -> restart(n));
    } else if (p < 80) {
      splitLeader();
    } else if (p < 86) {
      String n = r.nextBoolean() ? randomServer() : c.ctrlers().get(r.nextInt(c.ctrlers().size()));
      history.nemesis("isolate", n);
      c.world().disconnect(n);
      c.sim().schedule((200 + r.nextInt(2000)) * MS, () -> {
        history.nemesis("reconnect", n);
        c.world().connect(n);
      });
    } else if (p < 93) {
      NetworkConfig net = r.nextBoolean() ? NetworkConfig.unreliable() : NetworkConfig.reliable();
      net.duplicateRate = r.nextInt(3) == 0 ? 0.05 : 0;
      history.nemesis("network", net.toString());
      c.world().setNetwork(net);
    } else {
      history.nemesis("heal", null);
      c.world().heal();
    }
  }

  /**
   * Moves a shard away from a group (so a new configuration, and a handoff, follow), then watches
   * that group's leader and crashes it the moment it applies the new configuration. Clerks that
   * cached the old configuration keep sending that shard's keys to the old owner meanwhile.
   */
  private void crashAfterConfig() {
    windows.fired(CONFIG_CRASH);
    windows.fired(HANDOFF_CRASH);
    List<Integer> started = new ArrayList<>(members);
    started.retainAll(c.groups().keySet());
    if (started.size() < 2) {
      reconfigure(r.nextInt(18)); // a join: next time there are two groups to move between
      return;
    }
    int from = started.get(r.nextInt(started.size()));
    int to = started.get((started.indexOf(from) + 1 + r.nextInt(started.size() - 1)) % started.size());
    String l = c.leaderOf(from);
    if (l == null || !(c.world().node(l) instanceof ShardKvServer srv)) {
      return;
    }
    int shard = -1;
    for (int s = 0; s < c.nShards(); s++) {
      if (srv.state().config().owner(s) == from) {
        shard = s;
      }
    }
    if (shard >= 0) {
      history.nemesis("move", shard + "->" + to);
      admin.move(shard, to);
    }
    watchConfig(l, srv.state().config().num(), 0);
  }

  private void watchConfig(String leader, int num, int polls) {
    c.sim().schedule(2 * MS, () -> {
      if (healed || !(c.world().node(leader) instanceof ShardKvServer srv) || !srv.rsm().isLeader() || polls > 1500) {
        return;
      }
      if (srv.state().config().num() == num) {
        watchConfig(leader, num, polls + 1);
        return;
      }
      windows.reached(CONFIG_CRASH);
      if (!srv.state().settled()) {
        windows.reached(HANDOFF_CRASH);
      }
      history.nemesis("crash", leader);
      c.world().crash(leader);
      c.sim().schedule((100 + r.nextInt(1000)) * MS, () -> restart(leader));
    });
  }

  /**
   * Cuts a group's leader off from its own replicas while clerks can still reach it: the old leader
   * must stop answering (its reads and writes cannot be confirmed) while the others elect anew.
   */
  private void splitLeader() {
    List<Integer> started = new ArrayList<>(c.groups().keySet());
    int g = started.get(r.nextInt(started.size()));
    String l = c.leaderOf(g);
    if (l == null) {
      return;
    }
    history.nemesis("split-leader", l);
    List<String> others = new ArrayList<>(c.servers(g));
    others.remove(l);
    setLinks(List.of(l), others, false);
    c.sim().schedule((300 + r.nextInt(2000)) * MS, () -> {
      history.nemesis("rejoin-leader", l);
      setLinks(List.of(l), others, true);
    });
  }

  private void deposedLeaderWithReaders() {
    windows.fired(DEPOSED_READS);
    List<Integer> started = new ArrayList<>(c.groups().keySet());
    int g = started.get(r.nextInt(started.size()));
    String l = c.leaderOf(g);
    if (l == null || !(c.world().node(l) instanceof ShardKvServer old)) {
      return;
    }
    long term = old.rsm().raft().core().term();
    List<String> others = new ArrayList<>(c.servers(g));
    others.remove(l);
    history.nemesis("split-leader-and-clerks", l);
    setLinks(List.of(l), others, false);
    // The clerks already running reach the replicas only (their writes commit at the new leader),
    // and two fresh readers reach only the old leader: a leader that answers reads without
    // confirming it still leads shows them the state before those writes.
    List<String> writers = c.world().ids().stream().filter(n -> n.startsWith("clerk-")).sorted().toList();
    setLinks(writers, List.of(l), false);
    List<String> readers = new ArrayList<>();
    boolean[] over = {false};
    for (int i = 0; i < 2; i++) {
      RecordedClerk reader = c.newRecordedClerk(history);
      readers.add(c.lastClerkName());
      setLinks(List.of(c.lastClerkName()), others, false);
      read(reader, over, r.split());
    }
    watchSuccession(l, term, others, 0);
    c.sim().schedule((300 + r.nextInt(2000)) * MS, () -> {
      over[0] = true;
      history.nemesis("rejoin-leader-and-clerks", l);
      setLinks(List.of(l), others, true);
      setLinks(writers, List.of(l), true);
      setLinks(readers, others, true);
    });
  }

  /** Sets the links both ways between each of {@code as} and each of {@code bs} to {@code up}. */
  private void setLinks(List<String> as, List<String> bs, boolean up) {
    for (String k : as) {
      for (String n : bs) {
        c.world().setLink(k, n, up);
        c.world().setLink(n, k, up);
      }
    }
  }

  /** Reads random keys, a few ms apart, until {@code over[0]} or every fault heals. */
  private void read(RecordedClerk reader, boolean[] over, SplittableRandom rr) {
    if (over[0] || healed) {
      return;
    }
    reader.get(keys.get(rr.nextInt(keys.size())))
        .thenAccept(x -> c.sim().schedule(rr.nextLong(20 * MS), () -> read(reader, over, rr)));
  }

  /** Counts {@link #DEPOSED_READS} reached once a replica leads while {@code l} still leads in {@code term}. */
  private void watchSuccession(String l, long term, List<String> others, int polls) {
    c.sim().schedule(5 * MS, () -> {
      if (healed || polls > 500 || !(c.world().node(l) instanceof ShardKvServer old) || !old.rsm().isLeader()
          || old.rsm().raft().core().term() != term) {
        return;
      }
      for (String o : others) {
        if (c.world().node(o) instanceof ShardKvServer s && s.rsm().isLeader() && s.rsm().raft().core().term() > term) {
          windows.reached(DEPOSED_READS);
          return;
        }
      }
      watchSuccession(l, term, others, polls + 1);
    });
  }

  /** A random replica of a started group; half the time that group's leader, if it has one. */
  private String randomServer() {
    List<Integer> started = new ArrayList<>(c.groups().keySet());
    int g = started.get(r.nextInt(started.size()));
    String leader = c.leaderOf(g);
    if (leader != null && r.nextBoolean()) {
      return leader;
    }
    return c.servers(g).get(r.nextInt(ShardKvCluster.GROUP_SIZE));
  }

  private void restart(String n) {
    if (!c.world().alive(n)) {
      history.nemesis("restart", n);
      c.world().restart(n);
    }
  }

  private void healAll() {
    healed = true;
    history.nemesis("heal-all", null);
    c.world().heal();
    c.world().setNetwork(NetworkConfig.reliable());
    for (String n : new ArrayList<>(c.world().ids())) {
      if (!c.world().alive(n)) {
        c.world().restart(n);
      }
    }
  }
}
