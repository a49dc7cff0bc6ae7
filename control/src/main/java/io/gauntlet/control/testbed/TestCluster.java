package io.gauntlet.control.testbed;

import io.gauntlet.control.db.Db;
import io.gauntlet.control.remote.Hosts;
import io.gauntlet.nemesis.LinkToxics;
import io.gauntlet.nemesis.ShardAdmin;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The nemesis's view of a running test cluster: its hosts for commands, its processes for signals. */
final class TestCluster extends HostsShell {
  private final Db db;
  private final LinkToxics links;

  TestCluster(Hosts hosts, Db db, LinkToxics links) {
    super(hosts);
    this.db = db;
    this.links = links;
  }

  @Override
  public List<String> nodes() {
    return hosts.nodes();
  }

  @Override
  public Optional<LinkToxics> links() {
    return Optional.ofNullable(links);
  }

  @Override
  public void kill(String node) throws IOException {
    try {
      db.kill(node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while killing " + node);
    }
  }

  @Override
  public void start(String node) throws IOException {
    try {
      db.start(node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + node);
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public void pause(String node) throws IOException {
    if (db.isRunning(node)) {
      db.pause(node);
    }
  }

  @Override
  public void resume(String node) throws IOException {
    if (db.isRunning(node)) {
      db.resume(node);
    }
  }

  @Override
  public Optional<ShardAdmin> shards() {
    return db.shards();
  }

  /** The leader of the highest term any reachable node reports. */
  @Override
  public Optional<String> leader() {
    return db.leader();
  }
}
