package io.gauntlet.control.remote;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.gauntlet.nemesis.LinkToxics;
import io.gauntlet.system.node.ClusterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every directed peer link through Toxiproxy: one Toxiproxy server per node, running on the node's
 * host with its API on the node's own address (never all interfaces), and on it a proxy for each
 * peer the node sends to. Node {@code a} reaches peer {@code b} at the proxy {@code a-b}, so a toxic
 * on that proxy hits exactly what a sends to b. Clients reach node {@code n} through the proxy
 * {@code clients-n} on n's server, listening on n's address ({@link #clientView}): its upstream is
 * what clients send to n, its downstream what n answers. On hosts reached over SSH
 * ({@link SshBackedHosts}: VMs, real hosts, namespaces with sshd) each server is started over the
 * node's SSH session from the host's own {@code toxiproxy-server}, and ended by its pid.
 */
public final class ToxiproxyLinks implements LinkToxics, AutoCloseable {
  private final Hosts hosts;
  private final Map<String, Process> servers = new HashMap<>();
  /** Over SSH: node to the pid file of its remote server. */
  private final Map<String, String> remotePids = new HashMap<>();
  private final Map<String, ToxiproxyClient> clients = new HashMap<>();
  private final Map<String, Proxy> proxies = new HashMap<>();
  private final Map<String, String> listen = new HashMap<>();
  private final Map<String, Integer> toxicCount = new HashMap<>();
  private final int apiBase;
  private final int linkBase;

  /** The Toxiproxy server binary: {@code toxiproxy-server} on the PATH, or Go's {@code ~/go/bin/server}. */
  public static String find() {
    if (Commands.onPath("toxiproxy-server")) {
      return "toxiproxy-server";
    }
    for (String home : List.of(System.getProperty("user.home"), "/root")) {
      Path p = Path.of(home, "go", "bin", "server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  public static final String INSTALL = "go install github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0 && "
      + "ln -sf \"$(go env GOPATH)/bin/server\" /usr/local/bin/toxiproxy-server";

  /**
   * Starts the servers and creates the proxies for {@code spec}'s nodes.
   *
   * @param apiBase API port of node i's server is apiBase + i (on loopback, distinct; in a namespace, the same is fine)
   * @param linkBase proxy a-b listens on loopback port linkBase + i(a) * 100 + i(b)
   */
  public ToxiproxyLinks(Hosts hosts, ClusterSpec spec, Path work, int apiBase, int linkBase) throws IOException {
    this.hosts = hosts;
    this.apiBase = apiBase;
    this.linkBase = linkBase;
    SshSessions ssh = hosts instanceof SshBackedHosts b ? b.sessions() : null;
    String bin = ssh != null ? "toxiproxy-server" : find();
    if (bin == null) {
      throw new IOException("Toxiproxy is not installed; as root run: " + INSTALL);
    }
    try {
      List<String> nodes = hosts.nodes();
      for (int i = 0; i < nodes.size(); i++) {
        String n = nodes.get(i);
        String apiHost = hosts.address(n);
        int apiPort = apiBase + i;
        if (ssh != null) {
          startOverSsh(ssh, n, apiHost, apiPort);
        } else {
          Process p = new ProcessBuilder(hosts.onNode(n, List.of(bin, "-host", apiHost, "-port", String.valueOf(apiPort))))
              .redirectErrorStream(true).redirectOutput(work.resolve("toxiproxy-" + n + ".log").toFile()).start();
          servers.put(n, p);
        }
        clients.put(n, new ToxiproxyClient(apiHost, apiPort));
      }
      for (String n : nodes) {
        awaitApi(n);
      }
      for (String a : nodes) {
        for (String b : nodes) {
          if (!a.equals(b)) {
            String l = "127.0.0.1:" + port(a, b);
            Proxy p = clients.get(a).createProxy(a + "-" + b, l, hosts.address(b) + ":" + hosts.port(b));
            proxies.put(a + "-" + b, p);
            listen.put(a + "-" + b, l);
          }
        }
        String l = hosts.address(a) + ":" + clientPort(a);
        proxies.put(CLIENTS + "-" + a, clients.get(a).createProxy(CLIENTS + "-" + a, l, hosts.address(a) + ":" + hosts.port(a)));
        listen.put(CLIENTS + "-" + a, l);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startOverSsh(SshSessions ssh, String n, String apiHost, int apiPort) throws IOException {
    String stem = "/tmp/gauntlet-toxiproxy-" + n + "-" + apiPort;
    SshSessions.Result r = ssh.run(n, "command -v toxiproxy-server", 30);
    if (r.status() != 0) {
      throw new IOException("Toxiproxy is not installed on " + n + " (" + hosts.address(n) + "): put toxiproxy-server on its PATH"
          + " (vagrant/Vagrantfile's provisioning does), e.g. built by: " + INSTALL);
    }
    // Every descriptor away from the session, or the channel would stay open while the server runs.
    ssh.check(n, "nohup " + SshSessions.join(List.of("toxiproxy-server", "-host", apiHost, "-port", String.valueOf(apiPort)))
        + " < /dev/null > " + stem + ".log 2>&1 & echo $! > " + stem + ".pid");
    remotePids.put(n, stem + ".pid");
  }

  private int port(String a, String b) {
    return linkBase + hosts.nodes().indexOf(a) * 100 + hosts.nodes().indexOf(b);
  }

  /** Node n's client proxy: the last port of n's block of 100 (peer links use the first ones). */
  private int clientPort(String n) {
    return linkBase + hosts.nodes().indexOf(n) * 100 + 99;
  }

  private void awaitApi(String n) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Process p = servers.get(n);
    while (true) {
      try {
        clients.get(n).version();
        return;
      } catch (IOException e) {
        if (p == null && System.nanoTime() > deadline) {
          throw new IOException("Toxiproxy on " + n + " did not answer at " + hosts.address(n) + " in 10 s (its log: "
              + remotePids.get(n).replace(".pid", ".log") + " on that host)", e);
        }
        if (p != null && (!p.isAlive() || System.nanoTime() > deadline)) {
          throw new IOException("Toxiproxy on " + n + " did not start (" + (p.isAlive() ? "no answer in 10 s" : "exited " + p.exitValue()) + ")", e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    }
  }

  /** Node {@code n}'s view of the cluster: itself at its real address, every peer at n's proxy to it. */
  public ClusterSpec viewOf(String n, ClusterSpec spec) {
    List<ClusterSpec.NodeSpec> nodes = new ArrayList<>();
    for (ClusterSpec.NodeSpec x : spec.nodes()) {
      nodes.add(x.id().equals(n) ? x : new ClusterSpec.NodeSpec(x.id(), listen.get(n + "-" + x.id()), x.role(), x.group()));
    }
    return new ClusterSpec(spec.name(), spec.secretFile(), spec.nShards(), spec.raft(), nodes);
  }

  /** Every client's view of the cluster: each node at its client proxy. */
  public ClusterSpec clientView(ClusterSpec spec) {
    List<ClusterSpec.NodeSpec> nodes = new ArrayList<>();
    for (ClusterSpec.NodeSpec x : spec.nodes()) {
      nodes.add(new ClusterSpec.NodeSpec(x.id(), listen.get(CLIENTS + "-" + x.id()), x.role(), x.group()));
    }
    return new ClusterSpec(spec.name(), spec.secretFile(), spec.nShards(), spec.raft(), nodes);
  }

  @Override
  public boolean clientLinks() {
    return true;
  }

  /** The proxy carrying {@code from -> to}: a peer proxy, or a node's client proxy either way. */
  private String proxyOf(String from, String to) {
    return to.equals(CLIENTS) ? CLIENTS + "-" + from : from + "-" + to;
  }

  @Override
  public synchronized void add(String from, String to, LinkToxics.Toxic t) throws IOException {
    String proxy = proxyOf(from, to);
    Proxy p = proxies.get(proxy);
    if (p == null) {
      throw new IOException("no proxied link " + from + " -> " + to);
    }
    int k = toxicCount.merge(proxy, 1, Integer::sum);
    // What the proxy's client sends travels upstream: on a peer proxy a-b that is what a sends to b,
    // on a client proxy what the clients send; a node's answers to its clients travel downstream.
    ToxicDirection sent = to.equals(CLIENTS) ? ToxicDirection.DOWNSTREAM : ToxicDirection.UPSTREAM;
    for (ToxicDirection dir : t.kind() == LinkToxics.Toxic.Kind.TIMEOUT || t.kind() == LinkToxics.Toxic.Kind.RESET_PEER
        ? List.of(ToxicDirection.UPSTREAM, ToxicDirection.DOWNSTREAM) : List.of(sent)) {
      String name = t.kind().name().toLowerCase() + "-" + k + "-" + dir.name().toLowerCase();
      switch (t.kind()) {
        case LATENCY -> p.toxics().latency(name, dir, t.a()).setJitter(t.b());
        case BANDWIDTH -> p.toxics().bandwidth(name, dir, t.a());
        case TIMEOUT -> p.toxics().timeout(name, dir, t.a());
        case RESET_PEER -> p.toxics().resetPeer(name, dir, t.a());
        case SLICER -> p.toxics().slicer(name, dir, t.a(), 0).setDelay(t.b());
      }
    }
  }

  @Override
  public synchronized void clear(String from, String to) throws IOException {
    Proxy p = proxies.get(proxyOf(from, to)); // a client proxy's toxics go both ways: all of them
    if (p == null) {
      return;
    }
    for (eu.rekawek.toxiproxy.model.Toxic t : p.toxics().getAll()) {
      t.remove();
    }
  }

  @Override
  public synchronized void clearAll() throws IOException {
    IOException first = null;
    for (String link : proxies.keySet()) {
      String[] ab = link.split("-", 2);
      try {
        clear(ab[0], ab[1]); // clients-n clears as the link clients -> n
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() {
    if (hosts instanceof SshBackedHosts b) {
      for (Map.Entry<String, String> e : remotePids.entrySet()) {
        try {
          b.sessions().run(e.getKey(), "kill -9 $(cat " + e.getValue() + ") 2>/dev/null; rm -f " + e.getValue(), 30);
        } catch (IOException ex) {
          // the host is gone; nothing to stop
        }
      }
      remotePids.clear();
    }
    for (Process p : servers.values()) {
      p.destroyForcibly();
    }
    for (Process p : servers.values()) {
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
