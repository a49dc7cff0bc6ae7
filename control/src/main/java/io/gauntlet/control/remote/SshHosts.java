package io.gauntlet.control.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real hosts over SSH ({@code --cluster ssh --nodes-file FILE}): one line per node, {@code ID HOST}
 * (blank lines and {@code #} comments ignored); the node listens on HOST:7000. Every command and
 * process goes through {@link SshSessions}; iptables must be on the hosts, and the user must be
 * root (or the commands fail and say so).
 */
public final class SshHosts extends SshBackedHosts {
  public static final int PORT = 7000;
  private final Map<String, String> hosts;
  private final SshSessions sessions;

  private SshHosts(Map<String, String> hosts, SshSessions sessions) {
    this.hosts = hosts;
    this.sessions = sessions;
  }

  /** Parses a nodes file; errors name the line. */
  public static Map<String, String> readNodesFile(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IOException("nodes file " + file + " does not exist");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+");
      if (parts.length != 2 || !parts[0].matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IOException(file + " line " + (i + 1) + ": expected 'ID HOST', got '" + l + "'");
      }
      if (out.put(parts[0], parts[1]) != null) {
        throw new IOException(file + " line " + (i + 1) + ": node " + parts[0] + " is listed twice");
      }
    }
    if (out.isEmpty()) {
      throw new IOException(file + " lists no nodes");
    }
    return out;
  }

  public static SshHosts connect(Path nodesFile, SshSessions.Settings settings) throws IOException {
    Map<String, String> hosts = readNodesFile(nodesFile);
    SshSessions s = new SshSessions(settings, hosts);
    for (String n : hosts.keySet()) {
      s.check(n, "true"); // fail now, naming the host, rather than half-way into a test
    }
    return new SshHosts(hosts, s);
  }

  @Override
  public SshSessions sessions() {
    return sessions;
  }

  @Override
  public String kind() {
    return "ssh";
  }

  @Override
  public List<String> nodes() {
    return new ArrayList<>(hosts.keySet());
  }

  @Override
  public String address(String node) {
    return hosts.get(node);
  }

  @Override
  public int port(String node) {
    return PORT;
  }

  @Override
  public void close() {
    sessions.close();
  }
}
