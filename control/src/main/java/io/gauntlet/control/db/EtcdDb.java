package io.gauntlet.control.db;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.gauntlet.control.cluster.EtcdMember;
import io.gauntlet.control.cluster.NodeProcesses;
import io.gauntlet.control.remote.NodeProcess;
import io.gauntlet.control.remote.NodeRunner;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.kvraft.Err;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * etcd as the system under test: one member per node, started by the {@link NodeRunner} on the
 * node's host (in its namespace, or over SSH) with the etcd binary found there; the member's data in
 * {@code RUN/ID/etcd}, its log (etcd logs to stderr) in {@code RUN/ID.out}. kill -9 and restart keep
 * the data; a restarted member rejoins with its identity. Clients are jetcd clients, each bound to
 * its node only.
 */
public final class EtcdDb implements Db {
  /** How to reach a member: its address and client and peer ports. */
  public record Endpoint(String address, int clientPort, int peerPort) {
    String clientUrl() {
      return "http://" + address + ":" + clientPort;
    }

    String peerUrl() {
      return "http://" + address + ":" + peerPort;
    }
  }

  private final NodeRunner runner;
  private final Path work;
  private final String etcd;
  private final Map<String, Endpoint> endpoints;
  private final boolean serializableReads;
  private final NodeProcesses running = new NodeProcesses("etcd member");
  private final Map<String, Client> admins = new LinkedHashMap<>();

  /**
   * @param etcd the etcd binary's path on the nodes' hosts
   * @param serializableReads workload reads answered by the member alone (etcd's serializable reads)
   */
  public EtcdDb(NodeRunner runner, Path work, String etcd, Map<String, Endpoint> endpoints, boolean serializableReads) {
    this.runner = runner;
    this.work = work;
    this.etcd = etcd;
    this.endpoints = new LinkedHashMap<>(endpoints);
    this.serializableReads = serializableReads;
    GrpcLogs.quiet();
  }

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public List<String> ids() {
    return new ArrayList<>(endpoints.keySet());
  }

  private String out(String id) {
    return runner.runDir(id) + "/" + id + ".out";
  }

  private void launch(String id) throws IOException {
    running.checkNotRunning(id);
    Map<String, String> peers = new LinkedHashMap<>();
    endpoints.forEach((n, e) -> peers.put(n, e.peerUrl()));
    // Snapshots every 10,000 entries (etcd's default is 100,000) so a minute of load exercises them.
    List<String> cmd = EtcdMember.command(etcd, id, runner.runDir(id) + "/" + id + "/etcd", endpoints.get(id).clientUrl(),
        peers, List.of("--snapshot-count", "10000"));
    running.put(id, runner.exec(id, cmd, out(id)));
  }

  @Override
  public void startAll() throws IOException, InterruptedException {
    for (String id : endpoints.keySet()) {
      launch(id);
    }
    for (String id : endpoints.keySet()) {
      awaitListening(id);
    }
    // A member listens before the cluster has a leader: wait for a write to go through.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (EtcdKv probe = finalClient()) {
      while (probe.put("gauntlet-health", "ok").err() != Err.OK) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("etcd did not serve a write within 60 s of starting:\n" + output(ids().get(0)));
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void start(String id) throws IOException, InterruptedException {
    launch(id);
    awaitListening(id);
  }

  private void awaitListening(String id) throws IOException, InterruptedException {
    Endpoint e = endpoints.get(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      OptionalInt ended = running.get(id).waitFor(0);
      if (ended.isPresent()) {
        throw new IllegalStateException("etcd member " + id + " exited with status " + ended.getAsInt() + " before listening:\n" + output(id));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(e.address(), e.clientPort()), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("etcd member " + id + " did not listen on " + e.clientUrl() + " within 30 s:\n" + output(id));
  }

  /** The last 30 lines of the member's output. */
  private String output(String id) {
    try {
      String[] lines = runner.read(id, out(id)).split("\n");
      return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 30), lines.length));
    } catch (IOException e) {
      return "(cannot read " + out(id) + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public NodeProcesses processes() {
    return running;
  }

  /** Asks every member for its status; the member whose id the highest-term answer names as leader. */
  @Override
  public Optional<String> leader() {
    Map<Long, String> names = new LinkedHashMap<>();
    long bestTerm = -1;
    long leaderId = 0;
    for (String id : endpoints.keySet()) {
      try {
        StatusResponse s = admin(id).getMaintenanceClient().statusMember(endpoints.get(id).clientUrl()).get(300, TimeUnit.MILLISECONDS);
        names.put(s.getHeader().getMemberId(), id);
        if (s.getLeader() != 0 && s.getRaftTerm() > bestTerm) {
          bestTerm = s.getRaftTerm();
          leaderId = s.getLeader();
        }
      } catch (Exception e) {
        // unreachable, paused or down: it has no say
      }
    }
    return Optional.ofNullable(names.get(leaderId));
  }

  private synchronized Client admin(String id) {
    return admins.computeIfAbsent(id, n -> connect(List.of(n)));
  }

  private Client connect(List<String> ids) {
    return Client.builder().endpoints(ids.stream().map(n -> endpoints.get(n).clientUrl()).toArray(String[]::new))
        .connectTimeout(Duration.ofSeconds(1)).build();
  }

  @Override
  public KvClient client(String home, boolean homeWrites) {
    return new EtcdKv(connect(List.of(home)), serializableReads, Duration.ofSeconds(2));
  }

  @Override
  public EtcdKv finalClient() {
    return new EtcdKv(connect(ids()), false, Duration.ofSeconds(5));
  }

  @Override
  public Path log(String id) {
    Path local = work.resolve(id + ".etcd.log");
    try {
      runner.get(id, out(id), local);
    } catch (IOException e) {
      // the caller sees a missing file
    }
    return local;
  }

  @Override
  public Path console(String id) {
    return null;
  }

  @Override
  public synchronized void close() {
    admins.values().forEach(Client::close);
    admins.clear();
    running.killAll();
    runner.close();
  }
}
