package io.gauntlet.control.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything that defines one test run; written to {@code test.json} so that a run can be repeated.
 *
 * @param cluster {@code netns}, {@code local} or {@code ssh}
 * @param rate calls per second across all clients, 0 for unlimited
 * @param nodeJvmOptions extra JVM options for the node processes (tests use it for fixtures)
 * @param ssh reach the nodes only over SSH (sshd in each namespace), as on real hosts
 * @param sshHosts for {@code --cluster ssh}: the nodes file and how to log in (null otherwise)
 * @param db the system under test
 * @param mr the jobs of {@code --workload mapreduce} (ignored by the other workloads)
 */
public record TestOptions(String name, String workload, List<String> nemesis, String cluster, int nodes,
    Duration timeLimit, int concurrency, double rate, long seed, Duration nemesisInterval, Duration recovery,
    int activeKeys, int opsPerKey, boolean leaveDbRunning, Path results, List<String> nodeJvmOptions, boolean ssh,
    SshTarget sshHosts, DbTarget db, MrJob mr) {

  /** A test of a system chosen by {@code db}, with the default MapReduce jobs. */
  public TestOptions(String name, String workload, List<String> nemesis, String cluster, int nodes,
      Duration timeLimit, int concurrency, double rate, long seed, Duration nemesisInterval, Duration recovery,
      int activeKeys, int opsPerKey, boolean leaveDbRunning, Path results, List<String> nodeJvmOptions, boolean ssh,
      SshTarget sshHosts, DbTarget db) {
    this(name, workload, nemesis, cluster, nodes, timeLimit, concurrency, rate, seed, nemesisInterval, recovery,
        activeKeys, opsPerKey, leaveDbRunning, results, nodeJvmOptions, ssh, sshHosts, db, MrJob.DEFAULT);
  }

  /** A test of Gauntlet's own kvraft nodes. */
  public TestOptions(String name, String workload, List<String> nemesis, String cluster, int nodes,
      Duration timeLimit, int concurrency, double rate, long seed, Duration nemesisInterval, Duration recovery,
      int activeKeys, int opsPerKey, boolean leaveDbRunning, Path results, List<String> nodeJvmOptions, boolean ssh,
      SshTarget sshHosts) {
    this(name, workload, nemesis, cluster, nodes, timeLimit, concurrency, rate, seed, nemesisInterval, recovery,
        activeKeys, opsPerKey, leaveDbRunning, results, nodeJvmOptions, ssh, sshHosts, DbTarget.GAUNTLET);
  }

  /** Real hosts: a nodes file and the SSH settings. */
  public record SshTarget(Path nodesFile, io.gauntlet.control.remote.SshSessions.Settings settings) {}

  /**
   * The system under test.
   *
   * @param name {@code gauntlet} or {@code etcd}
   * @param etcdBinary etcd's path on the nodes' hosts (etcd only)
   * @param serializableReads etcd's serializable (member-local, possibly stale) reads for the workload
   */
  public record DbTarget(String name, String etcdBinary, boolean serializableReads) {
    public static final DbTarget GAUNTLET = new DbTarget("gauntlet", null, false);

    public static DbTarget etcd(String binary, boolean serializableReads) {
      return new DbTarget("etcd", binary, serializableReads);
    }
  }

  /**
   * What each job of {@code --workload mapreduce} runs.
   *
   * @param app the app's short name (wc, indexer) or class name
   * @param input a folder whose regular files are the input, or null for a corpus generated from the seed
   * @param taskTimeout the coordinator re-issues a task not reported done within this time
   */
  public record MrJob(String app, Path input, Duration taskTimeout) {
    public static final MrJob DEFAULT = new MrJob("wc", null, Duration.ofSeconds(3));
  }

  public TestOptions withSeed(long s) {
    return new TestOptions(name, workload, nemesis, cluster, nodes, timeLimit, concurrency, rate, s, nemesisInterval,
        recovery, activeKeys, opsPerKey, leaveDbRunning, results, nodeJvmOptions, ssh, sshHosts, db, mr);
  }

  public TestOptions withDb(DbTarget d) {
    return new TestOptions(name, workload, nemesis, cluster, nodes, timeLimit, concurrency, rate, seed, nemesisInterval,
        recovery, activeKeys, opsPerKey, leaveDbRunning, results, nodeJvmOptions, ssh, sshHosts, d, mr);
  }

  public TestOptions withName(String n) {
    return new TestOptions(n, workload, nemesis, cluster, nodes, timeLimit, concurrency, rate, seed, nemesisInterval,
        recovery, activeKeys, opsPerKey, leaveDbRunning, results, nodeJvmOptions, ssh, sshHosts, db, mr);
  }

  public TestOptions withNemesisInterval(Duration i) {
    return new TestOptions(name, workload, nemesis, cluster, nodes, timeLimit, concurrency, rate, seed, i,
        recovery, activeKeys, opsPerKey, leaveDbRunning, results, nodeJvmOptions, ssh, sshHosts, db, mr);
  }

  public TestOptions withMr(MrJob m) {
    return new TestOptions(name, workload, nemesis, cluster, nodes, timeLimit, concurrency, rate, seed, nemesisInterval,
        recovery, activeKeys, opsPerKey, leaveDbRunning, results, nodeJvmOptions, ssh, sshHosts, db, m);
  }

  public TestOptions withWorkload(String w) {
    return new TestOptions(name, w, nemesis, cluster, nodes, timeLimit, concurrency, rate, seed, nemesisInterval,
        recovery, activeKeys, opsPerKey, leaveDbRunning, results, nodeJvmOptions, ssh, sshHosts, db, mr);
  }
}
