package io.gauntlet.control.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything that defines one test run; written to {@code test.json} so that a run can be repeated.
 *
 * @param cluster {@code netns} or {@code local}
 * @param rate calls per second across all clients, 0 for unlimited
 * @param nodeJvmOptions extra JVM options for the node processes (tests use it for fixtures)
 * @param ssh reach the nodes only over SSH (sshd in each namespace), as on real hosts
 * @param sshHosts for {@code --cluster ssh}: the nodes file and how to log in (null otherwise)
 */
public record TestOptions(String name, String workload, List<String> nemesis, String cluster, int nodes,
    Duration timeLimit, int concurrency, double rate, long seed, Duration nemesisInterval, Duration recovery,
    int activeKeys, int opsPerKey, boolean leaveDbRunning, Path results, List<String> nodeJvmOptions, boolean ssh,
    SshTarget sshHosts) {

  /** Real hosts: a nodes file and the SSH settings. */
  public record SshTarget(Path nodesFile, io.gauntlet.control.remote.SshSessions.Settings settings) {}
}
