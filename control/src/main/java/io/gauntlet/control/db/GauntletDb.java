package io.gauntlet.control.db;

import io.gauntlet.control.cluster.NodeProcesses;
import io.gauntlet.control.cluster.ProcessCluster;
import io.gauntlet.nemesis.ShardAdmin;
import io.gauntlet.system.client.ClusterAdmin;
import io.gauntlet.system.client.GauntletKv;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.node.NodeStatus;
import io.gauntlet.system.node.Role;
import io.gauntlet.system.node.StateDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gauntlet's own nodes as a {@link Db}: a {@link ProcessCluster} of kvraft replicas, or of shard
 * controllers and shardkv groups (every group joined once the nodes listen), and its clients.
 */
public final class GauntletDb implements Db {
  private final ProcessCluster processes;
  private ClusterAdmin admin;
  private ShardGroups groups;

  public GauntletDb(ProcessCluster processes) {
    this.processes = processes;
  }

  @Override
  public String name() {
    return "gauntlet";
  }

  @Override
  public List<String> ids() {
    return processes.ids();
  }

  @Override
  public void startAll() throws IOException, InterruptedException {
    processes.startAll();
    if (sharded()) {
      groups().joinAll();
    }
  }

  private boolean sharded() {
    return processes.spec().service() == Role.SHARDKV;
  }

  private synchronized ClusterAdmin admin() {
    if (admin == null) {
      admin = new ClusterAdmin(processes.loaded());
    }
    return admin;
  }

  private synchronized ShardGroups groups() {
    if (groups == null) {
      groups = new ShardGroups(admin(), processes.spec());
    }
    return groups;
  }

  @Override
  public Optional<ShardAdmin> shards() {
    return sharded() ? Optional.of(groups()) : Optional.empty();
  }

  @Override
  public void start(String id) throws IOException, InterruptedException {
    processes.start(id);
  }

  @Override
  public NodeProcesses processes() {
    return processes.processes();
  }

  @Override
  public Optional<String> leader() {
    NodeStatus best = null;
    for (ClusterAdmin.Row r : admin().status(Duration.ofMillis(300))) {
      NodeStatus s = r.status();
      if (s != null && s.raftRole().equals("LEADER") && (best == null || s.term() > best.term())) {
        best = s;
      }
    }
    return Optional.ofNullable(best).map(NodeStatus::id);
  }

  @Override
  public KvClient client(String home, boolean homeWrites) {
    return GauntletKv.connect(processes.clientLoaded(), new GauntletKv.Options(Duration.ofMillis(100), Duration.ofSeconds(2), home, homeWrites));
  }

  @Override
  public KvClient finalClient() {
    return GauntletKv.connect(processes.clientLoaded(), new GauntletKv.Options(Duration.ofMillis(200), Duration.ofSeconds(5)));
  }

  @Override
  public Path log(String id) {
    return processes.log(id);
  }

  @Override
  public Path console(String id) {
    return processes.console(id);
  }

  @Override
  public Map<String, StateDigest> digests() {
    return admin().digests(Duration.ofSeconds(2));
  }

  @Override
  public Path journal(String id) {
    return processes.journal(id);
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
    }
    processes.close();
  }
}
