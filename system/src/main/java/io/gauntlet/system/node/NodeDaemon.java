package io.gauntlet.system.node;

import io.gauntlet.system.kvraft.KvServer;
import io.gauntlet.system.kvsrv.VersionedKvServer;
import io.gauntlet.system.net.NetRuntime;
import io.gauntlet.system.net.TransportConfig;
import io.gauntlet.system.raft.RaftConfig;
import io.gauntlet.system.raft.RaftCore;
import io.gauntlet.system.raft.RaftStorage;
import io.gauntlet.system.rsm.RsmNode;
import io.gauntlet.system.runtime.Durable;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import io.gauntlet.system.shardctrler.CtrlerServer;
import io.gauntlet.system.shardkv.ShardKvServer;
import io.gauntlet.system.storage.FileDurable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster as an OS process: the role its cluster file gives it, over a
 * {@link NetRuntime} (TCP, authenticated by the cluster secret) and a {@link FileDurable} in its data
 * directory. Logs what an operator and the test bed need, one greppable line each:
 *
 * <pre>
 *   started id=n1 role=kvraft cluster=demo peers=[n1, n2, n3] data=/var/n1 tickMs=10 ... snapshotChunkBytes=1048576 ...
 *   recovered term=3 vote=n2 snapshot=120 log=121..180 records=61
 *   listening on 127.0.0.1:7001
 *   raft role=LEADER term=4 leader=n1 commit=180
 *   snapshot index=240 bytes=10240
 *   stopping: SIGTERM
 *   stopped
 * </pre>
 */
public final class NodeDaemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("gauntlet.node");
  private static final long MONITOR_NANOS = 20_000_000L;

  private final ClusterFile.Loaded cluster;
  private final ClusterSpec.NodeSpec me;
  private final Path dataDir;
  private final long startedAt = System.nanoTime();
  private NetRuntime rt;
  private Durable durable;
  private volatile Node node;
  private InetSocketAddress bound;
  // What the monitor last logged.
  private String lastRole = "";
  private long lastTerm = -1;
  private String lastLeader = "";
  private long lastSnapshot;
  private Path journalFile;
  private RaftJournal journal;

  /** A node that cannot start: the message says why (bad data directory, corrupt store, port in use). */
  public static final class StartException extends Exception {
    public StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public NodeDaemon(ClusterFile.Loaded cluster, String id, Path dataDir) throws ClusterFileException {
    this.cluster = cluster;
    this.me = cluster.spec().node(id).orElseThrow(() -> new ClusterFileException(cluster.file(),
        "no node with id \"" + id + "\" (nodes: " + cluster.spec().addresses().keySet() + ")"));
    this.dataDir = dataDir;
  }

  /** Keep a {@link RaftJournal} in this file (replicated roles only); call before {@link #start}. */
  public void journalTo(Path file) {
    this.journalFile = file;
  }

  /**
   * Opens the store, recovers, starts the role and listens. {@code onFatal} runs if node logic
   * later fails (a daemon exits the process; see {@link NetRuntime#onFatal}).
   */
  public InetSocketAddress start(Consumer<Throwable> onFatal) throws StartException {
    ClusterSpec spec = cluster.spec();
    Role role = me.roleValue();
    ClusterSpec.RaftSettings rs = spec.raft();
    log.info("started id={} role={}{} cluster={} peers={} data={} tickMs={} heartbeatTicks={} electionTicks={} maxRaftState={}"
        + " snapshotChunkBytes={} maxFrameBytes={} pid={}",
        me.id(), role, me.group() == null ? "" : " group=" + me.group(), spec.name(), spec.peersOf(me), dataDir,
        rs.tickMs(), rs.heartbeatTicks(), rs.electionTicks(), rs.maxRaftState(), rs.snapshotChunkBytes(), spec.frameLimit(),
        ProcessHandle.current().pid());
    TransportConfig tc = cluster.transportConfig();
    try {
      rt = NetRuntime.withStorage(me.id(), cluster.addressBook(), Wire.types(), tc, System.nanoTime(),
          executor -> role.replicated() ? (durable = new FileDurable(dataDir, executor)) : null);
    } catch (UncheckedIOException e) {
      throw new StartException("cannot open the store in " + dataDir + ": " + e.getCause().getMessage(), e.getCause());
    } catch (RuntimeException e) {
      throw new StartException("cannot open the store in " + dataDir + ": " + e.getMessage(), e);
    }
    rt.onFatal(onFatal);
    rt.answer(StatusRequest.class, req -> status());
    rt.answer(DigestRequest.class, req -> digest());
    try {
      bound = rt.start(this::create);
    } catch (IllegalStateException e) {
      close();
      throw new StartException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new StartException("interrupted while starting", e);
    }
    log.info("listening on {}:{}", bound.getHostString(), bound.getPort());
    if (role.replicated()) {
      rt.schedule(MONITOR_NANOS, this::monitor);
    }
    return bound;
  }

  private Node create(Runtime r) {
    ClusterSpec spec = cluster.spec();
    RaftConfig cfg = spec.raft().toConfig(spec.frameLimit());
    long maxRaftState = spec.raft().maxRaftState();
    String fixture = System.getProperty(NodeFactoryOverride.PROPERTY);
    Node n = fixture != null ? loadFixture(fixture).create(r, spec, me) : switch (me.roleValue()) {
      case KVSRV -> new VersionedKvServer(r);
      case KVRAFT -> new KvServer(r, spec.peersOf(me), cfg, maxRaftState);
      case SHARDCTRLER -> new CtrlerServer(r, spec.peersOf(me), cfg, spec.shards(), maxRaftState);
      case SHARDKV -> new ShardKvServer(r, me.group(), spec.peersOf(me), spec.members(Role.SHARDCTRLER), cfg,
          spec.shards(), maxRaftState, spec.raft().shardStepMs() * 1_000_000L);
    };
    node = n;
    if (n instanceof RsmNode rn) {
      if (journalFile != null) {
        journal = new RaftJournal(journalFile, me.id(), me.group() != null ? String.valueOf(me.group()) : me.role());
        rn.rsm().raft().setObserver(journal);
      }
      // start() is called by the runtime right after this; log the recovery once it has run.
      r.schedule(0, () -> logRecovery(rn.rsm().raft().core()));
    }
    return n;
  }

  private static NodeFactoryOverride loadFixture(String className) {
    log.warn("running the test fixture {} instead of the node's role ({} is set)", className, NodeFactoryOverride.PROPERTY);
    try {
      return (NodeFactoryOverride) Class.forName(className).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("cannot load the node fixture " + className + ": " + e, e);
    }
  }

  private void logRecovery(RaftCore c) {
    byte[] snap = durable.get(RaftStorage.SNAPSHOT);
    log.info("recovered term={} vote={} snapshot={} log={}..{} records={} logBytes={} snapshotBytes={}",
        c.term(), c.votedFor() == null ? "-" : c.votedFor(), c.snapshotIndex(), c.snapshotIndex() + 1, c.lastIndex(),
        durable.records().size(), durable.logBytes(), snap == null ? 0 : snap.length);
  }

  /** Logs role, term and leader changes and new snapshots; runs on the node's thread. */
  private void monitor() {
    if (node instanceof RsmNode rn) {
      RaftCore c = rn.rsm().raft().core();
      String role = c.role().name();
      String leader = c.leader() == null ? "-" : c.leader();
      if (!role.equals(lastRole) || c.term() != lastTerm || !leader.equals(lastLeader)) {
        log.info("raft role={} term={} leader={} commit={} last={}", role, c.term(), leader, c.commitIndex(), c.lastIndex());
        lastRole = role;
        lastTerm = c.term();
        lastLeader = leader;
      }
      if (c.snapshotIndex() != lastSnapshot) {
        byte[] snap = durable.get(RaftStorage.SNAPSHOT);
        log.info("snapshot index={} bytes={} logBytes={}", c.snapshotIndex(), snap == null ? 0 : snap.length, durable.logBytes());
        lastSnapshot = c.snapshotIndex();
      }
      if (journal != null) {
        journal.flush();
      }
      rt.schedule(MONITOR_NANOS, this::monitor);
    }
  }

  /** This node's status; runs on the node's thread. */
  NodeStatus status() {
    long pid = ProcessHandle.current().pid();
    long up = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    if (node instanceof RsmNode rn) {
      RaftCore c = rn.rsm().raft().core();
      byte[] snap = durable.get(RaftStorage.SNAPSHOT);
      return new NodeStatus(me.id(), me.role(), me.group(), c.role().name(), c.term(), c.leader() == null ? "" : c.leader(),
          c.commitIndex(), rn.rsm().lastApplied(), c.lastIndex(), c.snapshotIndex(), durable.logBytes(),
          snap == null ? 0 : snap.length, pid, up);
    }
    return new NodeStatus(me.id(), me.role(), me.group(), "-", 0, "", 0, 0, 0, 0, 0, 0, pid, up);
  }

  /** This replica's state digest at its applied index; runs on the node's thread. */
  StateDigest digest() {
    if (node instanceof RsmNode rn) {
      String d = rn.rsm().digest();
      return new StateDigest(me.id(), rn.rsm().lastApplied(), d == null ? "" : d);
    }
    return new StateDigest(me.id(), 0, "");
  }

  /** An orderly stop: stop accepting, stop the node, finish the fsync round, close the store. */
  @Override
  public void close() {
    if (rt != null) {
      rt.close();
    }
    if (journal != null) {
      journal.close(); // after the runtime: its thread no longer writes
    }
    if (durable instanceof FileDurable fd) {
      try {
        fd.close();
      } catch (RuntimeException e) {
        log.warn("closing the store failed: {}", e.toString());
      }
    }
  }
}
