package io.gauntlet.workloads.kvraft;

import io.gauntlet.system.kvraft.KvClerk;
import io.gauntlet.system.kvraft.KvServer;
import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftStorage;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A simulated kvraft deployment: Raft-replicated KV servers, clerks, faults (server partitions,
 * crashes, unreliable networks), and a history of every client call for the checker. Client calls
 * and waits are in virtual time; failures name the seed.
 */
public final class KvRaftCluster {
  public static final long MS = 1_000_000L;

  private final long seed;
  private final Simulation sim;
  private final SimWorld world;
  private final SimHistory history;
  private final List<String> servers = new ArrayList<>();
  private final long maxRaftState;
  private int clerks;
  /** Writes acknowledged to clerks and commands applied by servers, by (client, seq). */
  final AckLedger acks = new AckLedger();
  /** What the soak's aimed fault schedules did in this run (null outside the soak). */
  io.gauntlet.system.sim.Windows windows;

  public KvRaftCluster(int n, long seed, NetworkConfig net, long maxRaftState) {
    this(n, seed, net, maxRaftState, new RaftConfig());
  }

  public KvRaftCluster(int n, long seed, NetworkConfig net, long maxRaftState, RaftConfig cfg) {
    this.seed = seed;
    this.maxRaftState = maxRaftState;
    this.sim = new Simulation(seed);
    this.world = new SimWorld(sim, net);
    this.history = new SimHistory(sim, "sim-kvraft seed " + seed);
    for (int i = 0; i < n; i++) {
      servers.add("s" + i);
    }
    for (String s : servers) {
      world.add(s, rt -> {
        KvServer server = new KvServer(rt, servers, cfg, maxRaftState);
        server.rsm().observeApplied(acks::applied);
        return server;
      });
    }
  }

  public long seed() { return seed; }
  public Simulation sim() { return sim; }
  public SimWorld world() { return world; }
  public SimHistory history() { return history; }
  public List<String> servers() { return servers; }
  public int size() { return servers.size(); }

  /** The server, or null if crashed. */
  public KvServer server(int i) {
    return (KvServer) world.node(servers.get(i));
  }

  /** A new clerk node; {@code giveUpMillis} 0 retries forever, else calls end as ERR_MAYBE. */
  public KvClerk clerk(long giveUpMillis) {
    String id = "c" + clerks++;
    world.add(id, rt -> new KvClerk(rt, servers, 100 * MS, giveUpMillis * MS));
    KvClerk clerk = (KvClerk) world.node(id);
    clerk.observeFinished(acks::finished);
    return clerk;
  }

  /** A clerk that can reach only the servers {@code only} (the labs' MakeClerkTo). */
  public KvClerk clerkTo(List<Integer> only, long giveUpMillis) {
    String id = "c" + clerks++;
    world.add(id, rt -> new KvClerk(rt, servers, 100 * MS, giveUpMillis * MS));
    ((KvClerk) world.node(id)).observeFinished(acks::finished);
    for (int i = 0; i < size(); i++) {
      if (!only.contains(i)) {
        world.setLink(id, servers.get(i), false);
        world.setLink(servers.get(i), id, false);
      }
    }
    return (KvClerk) world.node(id);
  }

  /** A recording client over a clerk that reaches only {@code only}. */
  public KvClient clientTo(List<Integer> only, long giveUpMillis) {
    return new KvClient(clerkTo(only, giveUpMillis), history);
  }

  /** The index of a server that believes it is leader, or -1. */
  public int leader() {
    for (int i = 0; i < size(); i++) {
      KvServer s = server(i);
      if (s != null && s.rsm().isLeader()) {
        return i;
      }
    }
    return -1;
  }

  /** A recording client over a new clerk: every call lands in the history. */
  public KvClient client(long giveUpMillis) {
    return new KvClient(clerk(giveUpMillis), history);
  }

  public void setNetwork(NetworkConfig c) {
    world.setNetwork(c);
    history.nemesis("network", c.toString());
  }

  /** Servers in {@code a} and in {@code b} can no longer talk across; clerks still reach everyone. */
  public void partition(List<Integer> a, List<Integer> b) {
    connectAll();
    for (int i : a) {
      for (int j : b) {
        world.setLink(servers.get(i), servers.get(j), false);
        world.setLink(servers.get(j), servers.get(i), false);
      }
    }
    history.nemesis("start-partition", a + " | " + b);
  }

  /** How many clerks were made (clerk k is node "c" + k). */
  public int clerks() {
    return clerks;
  }

  /** Clerk {@code k} reaches only the servers in {@code only}, until {@link #connectClerks()}. */
  public void restrictClerk(int k, List<Integer> only) {
    for (int i = 0; i < size(); i++) {
      boolean up = only.contains(i);
      world.setLink("c" + k, servers.get(i), up);
      world.setLink(servers.get(i), "c" + k, up);
    }
  }

  /**
   * Lets every clerk reach every server again (the labs' ConnectClnt(ck, AllServers)); this lifts
   * the restrictions of {@link #clerkTo} too (the soak, its only caller, makes no such clerks).
   */
  public void connectClerks() {
    for (int k = 0; k < clerks; k++) {
      for (String s : servers) {
        world.setLink("c" + k, s, true);
        world.setLink(s, "c" + k, true);
      }
    }
  }

  /** Restores every server-to-server link (clerk restrictions from clerkTo stay). */
  public void connectAll() {
    for (String x : servers) {
      for (String y : servers) {
        if (!x.equals(y)) {
          world.setLink(x, y, true);
        }
      }
    }
  }

  public void heal() {
    connectAll();
    history.nemesis("stop-partition", null);
  }

  public void crash(int i) {
    world.crash(servers.get(i));
    history.nemesis("kill", servers.get(i));
  }

  public void restart(int i) {
    world.restart(servers.get(i));
    history.nemesis("start", servers.get(i));
  }

  public void crashAll() {
    for (int i = 0; i < size(); i++) {
      crash(i);
    }
  }

  public void restartAll() {
    for (int i = 0; i < size(); i++) {
      restart(i);
    }
  }

  public void runFor(long millis) {
    sim.runFor(millis * MS);
  }

  /** Runs the simulation until {@code f} completes (at most {@code maxMillis}) and returns its value. */
  public <T> T await(CompletableFuture<T> f, long maxMillis) {
    if (!sim.runUntil(f::isDone, maxMillis * MS)) {
      fail("a call did not complete within " + maxMillis + " ms");
    }
    return f.join();
  }

  /** The largest persisted Raft state (log + hard state) of any live server, in bytes. */
  public long logSize() {
    long max = 0;
    for (int i = 0; i < size(); i++) {
      KvServer s = server(i);
      if (s != null) {
        max = Math.max(max, s.rsm().persistedRaftStateBytes());
      }
    }
    return max;
  }

  /** The largest persisted snapshot of any server, in bytes. */
  public long snapshotSize() {
    long max = 0;
    for (String s : servers) {
      max = Math.max(max, world.durable(s).blobBytes(RaftStorage.SNAPSHOT));
    }
    return max;
  }

  public long maxRaftState() {
    return maxRaftState;
  }

  public void fail(String what) {
    throw new AssertionError(what + " [seed " + seed + ", virtual time " + sim.now() / MS + " ms]");
  }
}
