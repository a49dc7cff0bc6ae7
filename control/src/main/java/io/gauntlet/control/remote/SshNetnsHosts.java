package io.gauntlet.control.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Network-namespace nodes reached only over SSH, to prove the SSH path end to end on one machine:
 * each namespace runs its own {@code sshd} (a fresh host key, checked against a known_hosts file
 * written for this run; a fresh client key), and every command, file and process of the test goes
 * through {@link SshSessions} exactly as it would to a VM.
 */
public final class SshNetnsHosts extends SshBackedHosts {
  private final NetnsHosts netns;
  private final Path dir;
  private final List<Process> sshds = new ArrayList<>();
  private SshSessions sessions;

  private SshNetnsHosts(NetnsHosts netns, Path dir) {
    this.netns = netns;
    this.dir = dir;
  }

  /** What is missing for SSH into namespaces here, or null. */
  public static String missing() {
    String m = NetnsHosts.missing();
    if (m != null) {
      return m;
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/sshd")) || !Commands.onPath("ssh-keygen")) {
      return "sshd is not installed: apt-get install -y openssh-server";
    }
    return null;
  }

  public static SshNetnsHosts create(int count, Path work) throws IOException {
    String m = missing();
    if (m != null) {
      throw new IOException(m);
    }
    NetnsHosts netns = NetnsHosts.create(count);
    SshNetnsHosts h = new SshNetnsHosts(netns, work.resolve("ssh"));
    try {
      h.setUp();
    } catch (IOException | RuntimeException e) {
      h.close();
      throw e;
    }
    return h;
  }

  private void setUp() throws IOException {
    Files.createDirectories(dir);
    Files.createDirectories(Path.of("/run/sshd"));
    Path hostKey = dir.resolve("host_ed25519");
    Path clientKey = dir.resolve("client_ed25519");
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()));
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString()));
    Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
    String hostPub = Files.readString(dir.resolve("host_ed25519.pub")).strip();
    StringBuilder known = new StringBuilder();
    Map<String, String> addresses = new LinkedHashMap<>();
    for (String n : netns.nodes()) {
      String a = netns.address(n);
      addresses.put(n, a);
      known.append(a).append(' ').append(hostPub.substring(0, hostPub.lastIndexOf(' ') > 0 ? hostPub.lastIndexOf(' ') : hostPub.length()))
          .append('\n');
      Path config = dir.resolve("sshd-" + n + ".conf");
      Files.writeString(config, String.join("\n",
          "ListenAddress " + a + ":22",
          "HostKey " + hostKey,
          "PidFile " + dir.resolve("sshd-" + n + ".pid"),
          "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
          "PermitRootLogin prohibit-password",
          "PasswordAuthentication no",
          "KbdInteractiveAuthentication no",
          "UsePAM no",
          "StrictModes no",
          "Subsystem sftp internal-sftp",
          "") );
      sshds.add(new ProcessBuilder(netns.onNode(n, List.of("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())))
          .redirectErrorStream(true).redirectOutput(dir.resolve("sshd-" + n + ".log").toFile()).start());
    }
    Files.writeString(dir.resolve("known_hosts"), known.toString());
    sessions = new SshSessions(new SshSessions.Settings("root", clientKey, dir.resolve("known_hosts"), true, 22), addresses);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (String n : netns.nodes()) {
      while (true) {
        try {
          sessions.check(n, "true");
          break;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw new IOException("sshd in " + n + " did not answer within 15 s: " + e.getMessage()
                + " (log: " + dir.resolve("sshd-" + n + ".log") + ")", e);
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
        }
      }
    }
  }

  @Override
  public SshSessions sessions() {
    return sessions;
  }

  @Override
  public String kind() {
    return "netns+ssh";
  }

  @Override
  public List<String> nodes() {
    return netns.nodes();
  }

  @Override
  public String address(String node) {
    return netns.address(node);
  }

  @Override
  public int port(String node) {
    return netns.port(node);
  }

  @Override
  public void close() {
    if (sessions != null) {
      sessions.close();
    }
    for (Process p : sshds) {
      p.destroyForcibly();
    }
    netns.close();
  }
}
