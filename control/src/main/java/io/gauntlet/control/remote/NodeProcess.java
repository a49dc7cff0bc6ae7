package io.gauntlet.control.remote;

import java.io.IOException;
import java.util.OptionalInt;

/** A node's server process on its host, controlled by pid: signals, liveness, exit status. */
public interface NodeProcess {
  long pid();

  boolean isAlive() throws IOException;

  /** Sends a signal by name: KILL, TERM, STOP, CONT. */
  void signal(String name) throws IOException;

  /** Waits up to {@code seconds} for the process to end; its exit status, or empty if still running. */
  OptionalInt waitFor(long seconds) throws IOException, InterruptedException;
}
