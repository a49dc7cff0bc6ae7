package io.gauntlet.control.remote;

import java.io.IOException;
import java.util.List;

/** Hosts reached only through SSH sessions: commands run over the session, never as local processes. */
public abstract class SshBackedHosts implements Hosts {
  /** The sessions every command, file and process of a test goes through. */
  public abstract SshSessions sessions();

  @Override
  public List<String> onNode(String node, List<String> command) {
    throw new UnsupportedOperationException("on SSH hosts commands run through the SSH session (exec)");
  }

  @Override
  public void exec(String node, List<String> command) throws IOException {
    sessions().check(node, SshSessions.join(command));
  }

  @Override
  public boolean canFilterPackets() {
    return true;
  }
}
