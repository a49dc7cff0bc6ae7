package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftStorage;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.SimDurable;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import io.gauntlet.system.shardctrler.CtrlerClerk;
import io.gauntlet.system.shardctrler.CtrlerServer;
import io.gauntlet.system.shardctrler.ShardConfig;
import io.gauntlet.system.shardkv.ShardKvClerk;
import io.gauntlet.system.shardkv.ShardKvServer;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A simulated sharded KV deployment for tests and soaks: a 3-replica shard controller, shard groups
 * of 3 replicas started on demand, an admin controller clerk, and KV clerks whose calls can be
 * recorded in a history. All in one {@link SimWorld}, so a seed reproduces a run exactly.
 *
 * <p>Node names: {@code ctrler-i}, {@code g<gid>-i}, {@code admin}, {@code clerk-n}.
 */
public final class ShardKvCluster {
  public static final long MS = 1_000_000L;
  public static final long SECOND = 1_000 * MS;
  public static final int GROUP_SIZE = 3;

  /** Tunables of one deployment. */
  public static final class Options {
    public int nShards = io.gauntlet.system.shardctrler.Shards.DEFAULT_SHARDS;
    /** Snapshot groups' state at this many persisted Raft bytes; -1 never. */
    public long maxRaftState = -1;
    public NetworkConfig network = NetworkConfig.reliable();
    public RaftConfig raft = new RaftConfig();
    /** How often a group leader polls the controller and retries pulls and deletes. */
    public long stepNanos = 50 * MS;
    /** A clerk's wait for an answer before it tries the next server. */
    public long clerkRetryNanos = 100 * MS;
    /** A clerk call gives up (ERR_MAYBE) after this long; 0 never. */
    public long clerkGiveUpNanos = 0;
  }

  private final Simulation sim;
  private final SimWorld world;
  private final Options opts;
  private final List<String> ctrlers = new ArrayList<>();
  private final Map<Integer, List<String>> groups = new TreeMap<>();
  private final CtrlerClerk admin;
  private int nextClerk;
  /** Client writes a replica applied to a shard its group did not serve (frozen or not its own). */
  private final List<String> unservedWrites = new ArrayList<>();

  public ShardKvCluster(long seed, Options opts) {
    this.sim = new Simulation(seed);
    this.world = new SimWorld(sim, opts.network);
    this.opts = opts;
    for (int i = 0; i < GROUP_SIZE; i++) {
      ctrlers.add("ctrler-" + i);
    }
    for (String c : ctrlers) {
      world.add(c, rt -> new CtrlerServer(rt, ctrlers, opts.raft, opts.nShards, -1));
    }
    world.add("admin", rt -> new CtrlerClerk(rt, ctrlers, opts.clerkRetryNanos));
    this.admin = (CtrlerClerk) world.node("admin");
  }

  public Simulation sim() {
    return sim;
  }

  public SimWorld world() {
    return world;
  }

  public Options options() {
    return opts;
  }

  public int nShards() {
    return opts.nShards;
  }

  public List<String> ctrlers() {
    return ctrlers;
  }

  /** Every server name of group {@code gid} (started or not). */
  public List<String> servers(int gid) {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < GROUP_SIZE; i++) {
      s.add("g" + gid + "-" + i);
    }
    return s;
  }

  /** Client writes applied to shards their group did not serve; empty when the rule held. */
  public List<String> unservedWrites() {
    return unservedWrites;
  }

  /** Groups started so far (live or crashed). */
  public Map<Integer, List<String>> groups() {
    return groups;
  }

  /** Starts group {@code gid}, or restarts its crashed replicas from their durable state. */
  public void startGroup(int gid) {
    List<String> names = servers(gid);
    if (groups.putIfAbsent(gid, names) == null) {
      for (String n : names) {
        world.add(n, rt -> {
          ShardKvServer s = new ShardKvServer(rt, gid, names, ctrlers, opts.raft, opts.nShards, opts.maxRaftState,
              opts.stepNanos);
          s.state().observeWrites((shard, status, num) -> {
            if (!status.served() && unservedWrites.size() < 10) {
              unservedWrites.add(n + " applied a client write to shard " + shard + " while it was " + status
                  + " (configuration " + num + ")");
            }
          });
          return s;
        });
      }
    } else {
      names.forEach(world::restart);
    }
  }

  /** Crashes every replica of {@code gid} (the labs' ShutdownGroup). */
  public void shutdownGroup(int gid) {
    servers(gid).forEach(world::crash);
  }

  /** Crashes every replica of every group, then restarts them all from durable state. */
  public void restartEveryGroup() {
    List<Integer> gids = new ArrayList<>(groups.keySet());
    gids.forEach(this::shutdownGroup);
    gids.forEach(this::startGroup);
  }

  /** The name of a live replica of {@code gid} that believes it is leader, or null. */
  public String leaderOf(int gid) {
    for (String n : servers(gid)) {
      if (world.node(n) instanceof ShardKvServer s && s.rsm().isLeader()) {
        return n;
      }
    }
    return null;
  }

  // ---- controller administration (blocking in virtual time) ----

  public ShardConfig join(int... gids) {
    Map<Integer, List<String>> m = new LinkedHashMap<>();
    for (int gid : gids) {
      startGroup(gid);
      m.put(gid, servers(gid));
    }
    return await(admin.join(m), 30 * SECOND, "join " + m.keySet());
  }

  public ShardConfig leave(int... gids) {
    List<Integer> l = new ArrayList<>();
    for (int g : gids) {
      l.add(g);
    }
    return await(admin.leave(l), 30 * SECOND, "leave " + l);
  }

  public ShardConfig move(int shard, int gid) {
    return await(admin.move(shard, gid), 30 * SECOND, "move " + shard + " -> " + gid);
  }

  public ShardConfig query(int num) {
    return await(admin.query(num), 30 * SECOND, "query " + num);
  }

  public CtrlerClerk admin() {
    return admin;
  }

  /** A new controller clerk running as its own node. */
  public CtrlerClerk newCtrlerClerk() {
    return newCtrlerClerk(ctrlers);
  }

  /** A new controller clerk of the controller service {@code service}. */
  public CtrlerClerk newCtrlerClerk(List<String> service) {
    String name = "cclerk-" + nextClerk++;
    world.add(name, rt -> new CtrlerClerk(rt, service, opts.clerkRetryNanos));
    return (CtrlerClerk) world.node(name);
  }

  /**
   * Starts a second, independent controller service (replicas {@code prefix-i}); returns its
   * replicas. Clerks of it see configurations the groups never heard of (the labs' TestRejection).
   */
  public List<String> addCtrlerService(String prefix) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < GROUP_SIZE; i++) {
      names.add(prefix + "-" + i);
    }
    for (String n : names) {
      world.add(n, rt -> new CtrlerServer(rt, names, opts.raft, opts.nShards, -1));
    }
    return names;
  }

  // ---- clerks ----

  /** A new KV clerk (its own node). */
  public ShardKvClerk newClerk() {
    return newClerk(ctrlers);
  }

  /** A new KV clerk that asks the controller service {@code service} for configurations. */
  public ShardKvClerk newClerk(List<String> service) {
    String name = "clerk-" + nextClerk++;
    world.add(name, rt -> new ShardKvClerk(rt, service, opts.nShards, opts.clerkRetryNanos, opts.clerkGiveUpNanos));
    return (ShardKvClerk) world.node(name);
  }

  /** A new KV clerk whose calls are recorded in {@code history}. */
  public RecordedClerk newRecordedClerk(SimHistory history) {
    return new RecordedClerk(newClerk(), history);
  }

  /** The node name of the clerk made last ({@code clerk-n}). */
  public String lastClerkName() {
    return "clerk-" + (nextClerk - 1);
  }

  // ---- running ----

  /** Runs the simulation until {@code f} completes; fails naming {@code what} after {@code maxNanos}. */
  public <T> T await(CompletableFuture<T> f, long maxNanos, String what) {
    if (!sim.runUntil(f::isDone, maxNanos)) {
      throw new AssertionError(what + " did not complete within " + maxNanos / MS + " ms of virtual time");
    }
    return f.join();
  }

  /** Runs until {@code done} holds, at most {@code maxNanos}; returns whether it held. */
  public boolean runUntil(BooleanSupplier done, long maxNanos) {
    return sim.runUntil(done, maxNanos);
  }

  public void runFor(long nanos) {
    sim.runFor(nanos);
  }

  // ---- persisted sizes (the labs' checklogs and challenge 1) ----

  /** The largest Raft state (log + hard state, no snapshot) of any replica of {@code gid}. */
  public long maxRaftStateBytes(int gid) {
    long max = 0;
    for (String n : servers(gid)) {
      SimDurable d = world.durable(n);
      byte[] hs = d.get(RaftStorage.HARD_STATE);
      max = Math.max(max, d.logBytes() + (hs == null ? 0 : hs.length));
    }
    return max;
  }

  /** The largest snapshot of any replica of {@code gid}. */
  public long maxSnapshotBytes(int gid) {
    long max = 0;
    for (String n : servers(gid)) {
      byte[] s = world.durable(n).get(RaftStorage.SNAPSHOT);
      max = Math.max(max, s == null ? 0 : s.length);
    }
    return max;
  }

  /** Raft state plus snapshot, summed over every replica of every group. */
  public long totalPersistedBytes() {
    long sum = 0;
    for (int gid : groups.keySet()) {
      for (String n : servers(gid)) {
        SimDurable d = world.durable(n);
        byte[] hs = d.get(RaftStorage.HARD_STATE);
        byte[] s = d.get(RaftStorage.SNAPSHOT);
        sum += d.logBytes() + (hs == null ? 0 : hs.length) + (s == null ? 0 : s.length);
      }
    }
    return sum;
  }
}
