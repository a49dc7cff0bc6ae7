package io.gauntlet.control.remote;

import java.util.ArrayList;
import java.util.List;

/** Nodes as plain processes on 127.0.0.1, consecutive ports; no root, no packet filter of their own. */
public final class LocalHosts implements Hosts {
  private final List<String> nodes = new ArrayList<>();
  private final int basePort;

  public LocalHosts(int count, int basePort) {
    for (int i = 1; i <= count; i++) {
      nodes.add("n" + i);
    }
    this.basePort = basePort;
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public List<String> nodes() {
    return nodes;
  }

  @Override
  public String address(String node) {
    return "127.0.0.1";
  }

  @Override
  public int port(String node) {
    return basePort + nodes.indexOf(node);
  }

  @Override
  public List<String> onNode(String node, List<String> command) {
    return command;
  }

  @Override
  public boolean canFilterPackets() {
    return false;
  }

  @Override
  public void close() {}
}
