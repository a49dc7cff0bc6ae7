package io.gauntlet.control.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An etcd cluster of real {@code etcd} processes on loopback, one member per node (m1..mN), data in
 * {@code WORK/mI/}, console log in {@code WORK/mI.log}; default settings (fsync on). Installs
 * nothing: it finds {@code etcd} on the PATH or uses the binary given.
 */
public final class EtcdCluster implements AutoCloseable {
  private final Path work;
  private final String etcd;
  private final int clientBase;
  private final int peerBase;
  private final int size;
  private final Map<String, Process> running = new LinkedHashMap<>();

  public EtcdCluster(Path work, String etcdBinary, int size, int clientBase, int peerBase) {
    this.work = work;
    this.etcd = etcdBinary;
    this.size = size;
    this.clientBase = clientBase;
    this.peerBase = peerBase;
  }

  /** The etcd binary on the PATH, or null. */
  public static String findOnPath() {
    return EtcdMember.findOnPath();
  }

  public List<String> members() {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      out.add("m" + i);
    }
    return out;
  }

  public String clientUrl(String member) {
    return "http://127.0.0.1:" + (clientBase + index(member));
  }

  public List<String> clientUrls() {
    return members().stream().map(this::clientUrl).toList();
  }

  private int index(String member) {
    return Integer.parseInt(member.substring(1)) - 1;
  }

  public void startAll() throws IOException {
    for (String m : members()) {
      start(m);
    }
  }

  /** Starts (or restarts, keeping its data) one member. */
  public void start(String member) throws IOException {
    Map<String, String> peers = new LinkedHashMap<>();
    for (String m : members()) {
      peers.put(m, "http://127.0.0.1:" + (peerBase + index(m)));
    }
    List<String> cmd = EtcdMember.command(etcd, member, work.resolve(member).toString(), clientUrl(member), peers, List.of());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(member + ".log").toFile())).start();
    running.put(member, p);
  }

  public void kill(String member) throws InterruptedException {
    Process p = running.get(member);
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  public Path log(String member) {
    return work.resolve(member + ".log");
  }

  @Override
  public void close() {
    for (Process p : running.values()) {
      p.destroyForcibly();
    }
    for (Process p : running.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
