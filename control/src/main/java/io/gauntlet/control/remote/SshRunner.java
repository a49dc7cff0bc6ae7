package io.gauntlet.control.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Nodes started over SSH, as Jepsen's control node does: the jar is uploaded to each host once,
 * the node runs under {@code nohup} in a shell that records its pid and, when it ends, its exit
 * status; signals are sent with {@code kill} over the same session.
 */
public final class SshRunner implements NodeRunner {
  private static final String MAIN = "io.gauntlet.control.cli.GauntletCli";

  private final SshSessions ssh;
  private final String base;
  private final Path jar;
  private final Set<String> jarPlaced = new HashSet<>();
  private final AtomicInteger starts = new AtomicInteger();

  /**
   * @param base the folder on each host for this run, new for every run (one sub-folder per node, so
   *     that nodes sharing a file system, as namespaces do, keep apart); removed by {@link #close()}
   * @param jar the packaged gauntlet jar to upload
   */
  public SshRunner(SshSessions ssh, String base, Path jar) {
    this.ssh = ssh;
    this.base = base;
    this.jar = jar;
  }

  /** The packaged jar this process runs from, or the one the build leaves in control/target. */
  public static Path findJar() throws IOException {
    String cp = System.getProperty("java.class.path");
    if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) {
      return Path.of(cp);
    }
    Path built = io.gauntlet.control.cli.RepoRoot.find().resolve("control/target/gauntlet.jar");
    if (Files.isRegularFile(built)) {
      return built;
    }
    throw new IOException("SSH clusters upload the packaged jar, and there is none: run `mvn -DskipTests package`");
  }

  /**
   * 300 s, or {@code GAUNTLET_SSH_START_SECONDS}: a node JVM on a VM under software emulation (TCG)
   * took up to 120 s to listen when three VMs shared two busy host cores.
   */
  @Override
  public long startSeconds() {
    String s = System.getenv("GAUNTLET_SSH_START_SECONDS");
    return s != null && s.matches("[0-9]{1,5}") ? Long.parseLong(s) : 300;
  }

  /** Polling a log over SSH every 20 ms would keep a one-vCPU VM busy forking sshd children instead of starting the node. */
  @Override
  public long pollMillis() {
    return 250;
  }

  @Override
  public String runDir(String node) {
    return base + "/" + node;
  }

  @Override
  public void put(String node, Path local, String remote) throws IOException {
    ssh.put(node, local, remote);
  }

  @Override
  public String read(String node, String remote) throws IOException {
    SshSessions.Result r = ssh.run(node, "cat " + SshSessions.quote(remote) + " 2>/dev/null", 30);
    return r.status() == 0 ? r.output() : "";
  }

  @Override
  public void get(String node, String remote, Path local) throws IOException {
    ssh.get(node, remote, local);
  }

  @Override
  public void delete(String node, String remote) throws IOException {
    ssh.check(node, "rm -rf " + SshSessions.quote(remote));
  }

  @Override
  public NodeProcess start(String node, List<String> jvmOptions, List<String> cliArgs, String out) throws IOException {
    String dir = runDir(node);
    String remoteJar = dir + "/gauntlet.jar";
    synchronized (jarPlaced) {
      if (jarPlaced.add(node)) {
        ssh.put(node, jar, remoteJar);
      }
    }
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", remoteJar, MAIN));
    cmd.addAll(cliArgs);
    return exec(node, cmd, out);
  }

  @Override
  public NodeProcess exec(String node, List<String> cmd, String out) throws IOException {
    String dir = runDir(node);
    String pidFile = dir + "/" + node + "-" + starts.incrementAndGet() + ".pid";
    String inner = SshSessions.join(cmd) + " >> " + SshSessions.quote(out) + " 2>&1 & echo $! > " + SshSessions.quote(pidFile)
        + "; wait $!; echo $? > " + SshSessions.quote(pidFile + ".status");
    // Only the nohup'd shell goes to the background, with every descriptor away from the session,
    // or the SSH channel would stay open for as long as the node runs.
    ssh.check(node, "mkdir -p " + SshSessions.quote(dir) + " && cd " + SshSessions.quote(dir)
        + " && { nohup sh -c " + SshSessions.quote(inner) + " < /dev/null > /dev/null 2>&1 & }");
    long pid = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pid < 0) {
      String text = read(node, pidFile).strip();
      if (!text.isEmpty()) {
        pid = Long.parseLong(text);
      } else if (System.nanoTime() > deadline) {
        throw new IOException("node " + node + " did not start over SSH (no pid file " + pidFile + ")");
      } else {
        sleep(20);
      }
    }
    long p = pid;
    return new NodeProcess() {
      public long pid() {
        return p;
      }

      public boolean isAlive() throws IOException {
        return ssh.run(node, "kill -0 " + p + " 2>/dev/null", 30).status() == 0;
      }

      public void signal(String name) throws IOException {
        ssh.run(node, "kill -" + name + " " + p + " 2>/dev/null", 30);
      }

      public OptionalInt waitFor(long seconds) throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
          String s = read(node, pidFile + ".status").strip();
          if (!s.isEmpty()) {
            return OptionalInt.of(Integer.parseInt(s));
          }
          if (System.nanoTime() >= until) {
            return OptionalInt.empty();
          }
          Thread.sleep(50);
        }
      }
    };
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  /** Removes this run's folder from every host it used (the logs were fetched before). */
  @Override
  public void close() {
    for (String node : jarPlaced) {
      try {
        ssh.run(node, "rm -rf " + SshSessions.quote(base), 60);
      } catch (IOException e) {
        // the host is gone; nothing to clean
      }
    }
  }
}
