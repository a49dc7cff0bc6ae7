package io.gauntlet.control.remote;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One SSH session per node (JSch), reused for every command and file transfer. Key authentication;
 * host keys checked against a known_hosts file unless strict checking is turned off, as Jepsen's
 * {@code --strict-host-key-checking}.
 */
public final class SshSessions implements AutoCloseable {
  /** How to reach the nodes. */
  public record Settings(String username, Path privateKey, Path knownHosts, boolean strictHostKeyChecking, int port) {}

  private final Settings settings;
  private final Map<String, String> hosts;
  private final Map<String, Session> sessions = new HashMap<>();
  private final JSch jsch = new JSch();

  /** @param hosts node id to host name or address */
  public SshSessions(Settings settings, Map<String, String> hosts) throws IOException {
    this.settings = settings;
    this.hosts = Map.copyOf(hosts);
    try {
      jsch.addIdentity(settings.privateKey().toString());
      if (settings.knownHosts() != null) {
        jsch.setKnownHosts(settings.knownHosts().toString());
      }
    } catch (JSchException e) {
      throw new IOException("SSH key " + settings.privateKey() + " or known hosts " + settings.knownHosts()
          + " unusable: " + e.getMessage(), e);
    }
  }

  private synchronized Session session(String node) throws IOException {
    Session s = sessions.get(node);
    if (s != null && s.isConnected()) {
      return s;
    }
    String host = hosts.get(node);
    if (host == null) {
      throw new IOException("no SSH host for node " + node);
    }
    try {
      s = jsch.getSession(settings.username(), host, settings.port());
      s.setConfig("StrictHostKeyChecking", settings.strictHostKeyChecking() ? "yes" : "no");
      s.setServerAliveInterval(5000);
      s.connect(10_000);
    } catch (JSchException e) {
      throw new IOException("SSH to " + settings.username() + "@" + host + ":" + settings.port() + " (node " + node
          + ") failed: " + e.getMessage(), e);
    }
    sessions.put(node, s);
    return s;
  }

  /** The result of a remote command. */
  public record Result(int status, String output) {}

  /** Runs {@code command} (a shell command line) on the node; waits at most {@code seconds}. */
  public Result run(String node, String command, long seconds) throws IOException {
    ChannelExec ch = null;
    try {
      ch = (ChannelExec) session(node).openChannel("exec");
      ch.setCommand(command);
      ch.setInputStream(null);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ch.setErrStream(err);
      InputStream in = ch.getInputStream();
      ch.connect(10_000);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      byte[] buf = new byte[8192];
      while (true) {
        while (in.available() > 0) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          out.write(buf, 0, n);
        }
        if (ch.isClosed() && in.available() == 0) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("'" + command + "' on " + node + " did not finish within " + seconds + " s");
        }
        Thread.sleep(5);
      }
      String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
      return new Result(ch.getExitStatus(), text);
    } catch (JSchException e) {
      throw new IOException("SSH command on " + node + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      if (ch != null) {
        ch.disconnect();
      }
    }
  }

  /** Runs {@code command}; fails with its output if it exits non-zero. */
  public String check(String node, String command) throws IOException {
    Result r = run(node, command, 60);
    if (r.status() != 0) {
      throw new IOException("'" + command + "' on " + node + " exited " + r.status() + ": " + r.output().strip());
    }
    return r.output();
  }

  /** Copies a local file to the node. */
  public void put(String node, Path local, String remote) throws IOException {
    int slash = remote.lastIndexOf('/');
    if (slash > 0) {
      check(node, "mkdir -p " + quote(remote.substring(0, slash)));
    }
    ChannelSftp sftp = null;
    try {
      sftp = (ChannelSftp) session(node).openChannel("sftp");
      sftp.connect(10_000);
      sftp.put(local.toString(), remote);
    } catch (JSchException | SftpException e) {
      throw new IOException("copy of " + local + " to " + node + ":" + remote + " failed: " + e.getMessage(), e);
    } finally {
      if (sftp != null) {
        sftp.disconnect();
      }
    }
  }

  /** Copies a file from the node; false if it does not exist there. */
  public boolean get(String node, String remote, Path local) throws IOException {
    ChannelSftp sftp = null;
    try {
      sftp = (ChannelSftp) session(node).openChannel("sftp");
      sftp.connect(10_000);
      sftp.get(remote, local.toString());
      return true;
    } catch (SftpException e) {
      if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
        return false;
      }
      throw new IOException("copy of " + node + ":" + remote + " failed: " + e.getMessage(), e);
    } catch (JSchException e) {
      throw new IOException("copy of " + node + ":" + remote + " failed: " + e.getMessage(), e);
    } finally {
      if (sftp != null) {
        sftp.disconnect();
      }
    }
  }

  /** Single-quotes {@code s} for a POSIX shell. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  public static String join(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(quote(w));
    }
    return sb.toString();
  }

  @Override
  public synchronized void close() {
    sessions.values().forEach(Session::disconnect);
    sessions.clear();
  }
}
