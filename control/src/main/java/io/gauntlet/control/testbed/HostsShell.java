package io.gauntlet.control.testbed;

import io.gauntlet.control.remote.Hosts;
import io.gauntlet.nemesis.NodeShell;
import java.io.IOException;
import java.util.List;

/** What every test cluster's {@link NodeShell} takes from its hosts: addresses, commands, the packet filter. */
abstract class HostsShell implements NodeShell {
  final Hosts hosts;

  HostsShell(Hosts hosts) {
    this.hosts = hosts;
  }

  @Override
  public String address(String node) {
    return hosts.address(node);
  }

  @Override
  public void exec(String node, List<String> command) throws IOException {
    hosts.exec(node, command);
  }

  @Override
  public boolean canFilterPackets() {
    return hosts.canFilterPackets();
  }
}
