package io.gauntlet.control.cluster;

import io.gauntlet.control.remote.NodeProcess;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The server processes a cluster started, by node id, and the signals the test bed sends them:
 * kill -9, SIGTERM, SIGSTOP, SIGCONT. {@link #killAll()} kills every process started here, and only
 * those.
 */
public final class NodeProcesses {
  private final String what;
  private final Map<String, NodeProcess> running = new LinkedHashMap<>();

  /** @param what how errors name a node ("node", "etcd member") */
  public NodeProcesses(String what) {
    this.what = what;
  }

  /** Fails if {@code id} is still running: one process per node. */
  public void checkNotRunning(String id) throws IOException {
    NodeProcess old = running.get(id);
    if (old != null && old.isAlive()) {
      throw new IllegalStateException(what + " " + id + " is already running (pid " + old.pid() + ")");
    }
  }

  public void put(String id, NodeProcess p) {
    running.put(id, p);
  }

  public NodeProcess get(String id) {
    return running.get(id);
  }

  public boolean isRunning(String id) {
    NodeProcess p = running.get(id);
    try {
      return p != null && p.isAlive();
    } catch (IOException e) {
      return false;
    }
  }

  /** kill -9, and wait until the process is gone. */
  public void kill(String id) throws InterruptedException, IOException {
    NodeProcess p = running.get(id);
    if (p != null && p.isAlive()) {
      p.signal("KILL");
      p.waitFor(10);
    }
  }

  /** SIGTERM (an orderly stop); returns the exit status. */
  public int stop(String id) throws InterruptedException, IOException {
    NodeProcess p = running.get(id);
    p.signal("TERM");
    OptionalInt status = p.waitFor(20);
    if (status.isEmpty()) {
      p.signal("KILL");
      throw new IllegalStateException(what + " " + id + " did not stop within 20 s of SIGTERM");
    }
    return status.getAsInt();
  }

  public void pause(String id) throws IOException {
    running.get(id).signal("STOP");
  }

  public void resume(String id) throws IOException {
    running.get(id).signal("CONT");
  }

  /** Kills every process started here (resumed first, in case it was paused) and waits for each. */
  public void killAll() {
    for (NodeProcess p : running.values()) {
      try {
        if (p.isAlive()) {
          p.signal("CONT");
          p.signal("KILL");
        }
      } catch (IOException e) {
        // gone already
      }
    }
    for (NodeProcess p : running.values()) {
      try {
        p.waitFor(10);
      } catch (IOException e) {
        // gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
