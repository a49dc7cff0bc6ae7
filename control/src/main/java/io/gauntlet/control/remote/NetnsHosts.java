package io.gauntlet.control.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network namespace per node ({@code gt-n1} ..) joined by a bridge ({@code gtbr0},
 * 10.77.0.1/24 on the host side); node {@code nI} is 10.77.0.(10+I) with its own loopback and its
 * own iptables. The control process reaches every node over the bridge; the nemesis filters
 * traffic inside the nodes' namespaces, so partitions cut node-to-node links only, as in Jepsen.
 * Needs root and the {@code ip} and {@code iptables} commands. {@link #clean()} removes anything
 * of this kind left by a crashed run (and kills processes still inside those namespaces).
 */
public final class NetnsHosts implements Hosts {
  private static final Logger log = LoggerFactory.getLogger(NetnsHosts.class);
  public static final String PREFIX = "gt-";
  public static final String BRIDGE = "gtbr0";
  public static final String SUBNET = "10.77.0";
  public static final int PORT = 7000;

  /** One netns cluster at a time on a machine: the names and the subnet are fixed. */
  private static final java.nio.file.Path LOCK = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "gauntlet-netns.lock");

  private final List<String> nodes = new ArrayList<>();
  private boolean up;
  private java.nio.channels.FileChannel lockChannel;
  private java.nio.channels.FileLock lock;

  private NetnsHosts(int count) {
    for (int i = 1; i <= count; i++) {
      nodes.add("n" + i);
    }
  }

  /** What is missing to run netns clusters here, or null if nothing. */
  public static String missing() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root (run as root, or use --cluster local)";
    }
    for (String tool : List.of("ip", "iptables")) {
      if (!Commands.onPath(tool)) {
        return "'" + tool + "' is not installed: apt-get install -y iproute2 iptables";
      }
    }
    return null;
  }

  /** Sets up {@code count} namespaces on a bridge; cleans leftovers of an earlier run first. */
  public static NetnsHosts create(int count) throws IOException {
    if (count < 1 || count > 200) {
      throw new IllegalArgumentException("netns clusters have 1..200 nodes, got " + count);
    }
    String why = missing();
    if (why != null) {
      throw new IOException(why);
    }
    NetnsHosts h = new NetnsHosts(count);
    try {
      h.acquire();
      clean(); // leftovers of a crashed run: nobody else holds the lock, so nothing live is removed
      h.setUp();
    } catch (IOException | RuntimeException e) {
      h.close();
      throw e;
    }
    return h;
  }

  private void acquire() throws IOException {
    lockChannel = java.nio.channels.FileChannel.open(LOCK, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE);
    try {
      lock = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lockChannel.close();
      throw new IOException("this process already runs a netns cluster; one at a time per machine");
    }
    if (lock == null) {
      log.warn("another netns test holds {}; waiting for it", LOCK);
      System.err.println("gauntlet: another netns test is running on this machine (" + LOCK + "); waiting for it to finish");
      lock = lockChannel.lock();
    }
  }

  private void release() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      log.warn("releasing {}: {}", LOCK, e.toString());
    }
    lock = null;
    lockChannel = null;
  }

  private void setUp() throws IOException {
    up = true;
    Commands.run(List.of("ip", "link", "add", BRIDGE, "type", "bridge"));
    Commands.run(List.of("ip", "addr", "add", SUBNET + ".1/24", "dev", BRIDGE));
    Commands.run(List.of("ip", "link", "set", BRIDGE, "up"));
    for (int i = 1; i <= nodes.size(); i++) {
      String ns = PREFIX + "n" + i;
      String veth = "gtv" + i;
      Commands.run(List.of("ip", "netns", "add", ns));
      Commands.run(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns));
      Commands.run(List.of("ip", "link", "set", veth, "master", BRIDGE, "up"));
      Commands.run(List.of("ip", "-n", ns, "addr", "add", SUBNET + "." + (10 + i) + "/24", "dev", "eth0"));
      Commands.run(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
      Commands.run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
    }
    log.info("netns cluster up: {} namespaces on {}", nodes.size(), BRIDGE);
  }

  /** {@link #clean()}, unless a test is running now (it holds the lock): then an error saying so. */
  public static List<String> cleanIfIdle() throws IOException {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(LOCK,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock l = ch.tryLock();
      if (l == null) {
        throw new IOException("a netns test is running on this machine (it holds " + LOCK + "); stop it first");
      }
      try {
        return clean();
      } finally {
        l.release();
      }
    }
  }

  /** Removes every namespace, veth and bridge this class makes, killing processes left inside. */
  public static List<String> clean() throws IOException {
    List<String> removed = new ArrayList<>();
    String list = Commands.run(List.of("ip", "netns", "list"));
    for (String line : list.split("\n")) {
      String ns = line.split(" ")[0].trim();
      if (ns.startsWith(PREFIX)) {
        String pids = "";
        try {
          pids = Commands.run(List.of("ip", "netns", "pids", ns));
        } catch (IOException e) {
          // no pids
        }
        for (String pid : pids.split("\\s+")) {
          if (!pid.isBlank()) {
            Commands.quietly(List.of("kill", "-CONT", pid));
            Commands.quietly(List.of("kill", "-9", pid));
          }
        }
        Commands.quietly(List.of("ip", "netns", "delete", ns));
        removed.add("namespace " + ns);
      }
    }
    String links = Commands.run(List.of("ip", "-o", "link", "show"));
    for (String line : links.split("\n")) {
      String[] parts = line.split(":\\s+");
      if (parts.length > 1) {
        String name = parts[1].split("@")[0];
        if (name.matches("gtv\\d+")) {
          Commands.quietly(List.of("ip", "link", "delete", name));
          removed.add("veth " + name);
        } else if (name.equals(BRIDGE)) {
          Commands.quietly(List.of("ip", "link", "delete", name));
          removed.add("bridge " + name);
        }
      }
    }
    return removed;
  }

  @Override
  public String kind() {
    return "netns";
  }

  @Override
  public List<String> nodes() {
    return nodes;
  }

  @Override
  public String address(String node) {
    return SUBNET + "." + (10 + nodes.indexOf(node) + 1);
  }

  @Override
  public int port(String node) {
    return PORT;
  }

  @Override
  public List<String> onNode(String node, List<String> command) {
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", PREFIX + node));
    out.addAll(command);
    return out;
  }

  @Override
  public boolean canFilterPackets() {
    return true;
  }

  @Override
  public void close() {
    try {
      if (up) {
        up = false;
        clean();
      }
    } catch (IOException e) {
      log.warn("netns teardown incomplete: {} (run `gauntlet cluster clean`)", e.getMessage());
    } finally {
      release();
    }
  }
}
