package io.gauntlet.control.testbed;

import io.gauntlet.control.cluster.ProcessCluster;
import io.gauntlet.control.remote.Hosts;
import io.gauntlet.nemesis.LinkToxics;
import io.gauntlet.nemesis.NodeShell;
import io.gauntlet.system.client.ClusterAdmin;
import io.gauntlet.system.node.NodeStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The nemesis's view of a running test cluster: its hosts for commands, its processes for signals. */
final class TestCluster implements NodeShell {
  private final Hosts hosts;
  private final ProcessCluster processes;
  private final ClusterAdmin admin;
  private final LinkToxics links;

  TestCluster(Hosts hosts, ProcessCluster processes, LinkToxics links) {
    this.hosts = hosts;
    this.processes = processes;
    this.links = links;
    this.admin = new ClusterAdmin(processes.loaded());
  }

  @Override
  public List<String> nodes() {
    return hosts.nodes();
  }

  @Override
  public String address(String node) {
    return hosts.address(node);
  }

  @Override
  public void exec(String node, List<String> command) throws IOException {
    hosts.exec(node, command);
  }

  @Override
  public boolean canFilterPackets() {
    return hosts.canFilterPackets();
  }

  @Override
  public Optional<LinkToxics> links() {
    return Optional.ofNullable(links);
  }

  @Override
  public void kill(String node) throws IOException {
    try {
      processes.kill(node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while killing " + node);
    }
  }

  @Override
  public void start(String node) throws IOException {
    try {
      processes.start(node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + node);
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public void pause(String node) throws IOException {
    signal(node, true);
  }

  @Override
  public void resume(String node) throws IOException {
    signal(node, false);
  }

  private void signal(String node, boolean stop) throws IOException {
    if (!processes.isRunning(node)) {
      return;
    }
    if (stop) {
      processes.pause(node);
    } else {
      processes.resume(node);
    }
  }

  /** The leader of the highest term any reachable node reports. */
  @Override
  public Optional<String> leader() {
    NodeStatus best = null;
    for (ClusterAdmin.Row r : admin.status(Duration.ofMillis(300))) {
      NodeStatus s = r.status();
      if (s != null && s.raftRole().equals("LEADER") && (best == null || s.term() > best.term())) {
        best = s;
      }
    }
    return Optional.ofNullable(best).map(NodeStatus::id);
  }

  void close() {
    admin.close();
  }
}
