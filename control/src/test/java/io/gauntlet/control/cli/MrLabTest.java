package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The labs' test-mr.sh, case by case, on real processes: a coordinator and workers started as JVMs,
 * all in one working directory, nReduce = 10, eight input files, each result compared with the
 * sequential run. Per-process limits follow the script (45 s; 120 s for the crash test).
 */
class MrLabTest {
  private static List<Process> workers(MrCluster c, MrCluster.Coordinator coord, String app, int n, String... extra) throws Exception {
    List<Process> ws = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ws.add(c.worker(coord, app, extra));
    }
    return ws;
  }

  private static void awaitJob(MrCluster c, MrCluster.Coordinator coord, List<Process> ws, int seconds) throws Exception {
    assertTrue(MrCluster.waitFor(coord.process(), seconds), "coordinator did not finish within " + seconds + " s" + c.context());
    assertEquals(0, coord.process().exitValue(), "coordinator exit code" + c.context());
    for (Process w : ws) {
      assertTrue(MrCluster.waitFor(w, 10), "a worker did not exit after the job was done" + c.context());
    }
  }

  @Test
  void wordCountWithNetworkShuffle() throws Exception {
    try (MrCluster c = new MrCluster("wc")) {
      MrCluster.Coordinator coord = c.coordinator();
      List<Process> ws = workers(c, coord, "wc", 3);
      awaitJob(c, coord, ws, 45);
      assertEquals(c.sequential("wc"), c.output(), "wc output differs from sequential" + c.context());
      try (var files = Files.list(c.dir)) {
        assertTrue(files.noneMatch(p -> p.getFileName().toString().matches("mr-\\d+-\\d+")),
            "network shuffle: no intermediate file belongs in the shared directory" + c.context());
      }
    }
  }

  @Test
  void wordCountInTheLabsSharedDirectoryLayout() throws Exception {
    try (MrCluster c = new MrCluster("wc-shared")) {
      MrCluster.Coordinator coord = c.coordinator("--shared-dir", ".");
      List<Process> ws = workers(c, coord, "wc", 2);
      awaitJob(c, coord, ws, 45);
      assertEquals(c.sequential("wc"), c.output(), "wc output differs from sequential" + c.context());
      assertTrue(Files.exists(c.dir.resolve("mr-7-9")), "shared-dir mode leaves mr-<m>-<r> in the directory" + c.context());
    }
  }

  @Test
  void indexerThroughMrRun() throws Exception {
    try (MrCluster c = new MrCluster("indexer")) {
      List<String> args = new ArrayList<>(List.of("mr", "run", "--app", "indexer", "--workers", "2", "--out", "."));
      args.addAll(c.inputs);
      MrCluster.Result r = c.cli(args, 60);
      assertEquals(0, r.exitCode(), r.output() + c.context());
      assertTrue(r.output().contains("map 8/8 reduce 10/10"), "mr run shows progress: " + r.output());
      assertTrue(r.output().contains("output: ./mr-out-*"), "mr run says where the output is: " + r.output());
      assertEquals(c.sequential("indexer"), c.output(), "indexer output differs from sequential" + c.context());
    }
  }

  @Test
  void mapParallelism() throws Exception {
    try (MrCluster c = new MrCluster("mtiming")) {
      MrCluster.Coordinator coord = c.coordinator();
      List<Process> ws = workers(c, coord, "mtiming", 2);
      awaitJob(c, coord, ws, 45);
      List<String> out = c.output();
      assertEquals(2, out.stream().filter(l -> l.startsWith("times-")).count(), "both workers ran maps: " + out + c.context());
      assertTrue(out.stream().anyMatch(l -> Pattern.matches("parallel.* 2.*", l)), "maps ran in parallel: " + out + c.context());
    }
  }

  @Test
  void reduceParallelism() throws Exception {
    try (MrCluster c = new MrCluster("rtiming")) {
      MrCluster.Coordinator coord = c.coordinator();
      List<Process> ws = workers(c, coord, "rtiming", 2);
      awaitJob(c, coord, ws, 45);
      List<String> out = c.output();
      assertTrue(out.stream().filter(l -> Pattern.matches("[a-z] 2", l)).count() >= 2, "reduces ran in parallel: " + out + c.context());
    }
  }

  @Test
  void eachMapTaskRunsExactlyOnce() throws Exception {
    try (MrCluster c = new MrCluster("jobcount")) {
      MrCluster.Coordinator coord = c.coordinator();
      // As the script: two workers at once, then two more once the first pair is through.
      List<Process> first = workers(c, coord, "jobcount", 2);
      for (Process w : first) {
        assertTrue(MrCluster.waitFor(w, 45), "worker did not finish" + c.context());
      }
      List<Process> second = workers(c, coord, "jobcount", 2);
      awaitJob(c, coord, second, 45);
      assertEquals(List.of("a 8"), c.output(), "every map task must run exactly once" + c.context());
    }
  }

  @Test
  void noProcessExitsBeforeTheOutputIsFinal() throws Exception {
    try (MrCluster c = new MrCluster("early-exit")) {
      MrCluster.Coordinator coord = c.coordinator();
      List<Process> all = new ArrayList<>(workers(c, coord, "early-exit", 3));
      all.add(coord.process());
      long deadline = System.nanoTime() + 45_000_000_000L;
      while (all.stream().allMatch(Process::isAlive)) {
        assertTrue(System.nanoTime() < deadline, "nothing exited within 45 s" + c.context());
        Thread.sleep(20);
      }
      List<String> atFirstExit = c.output();
      for (Process p : all) {
        assertTrue(MrCluster.waitFor(p, 45), "a process did not exit" + c.context());
      }
      assertEquals(atFirstExit, c.output(), "output changed after the first process exited" + c.context());
      List<String> expected = new ArrayList<>();
      for (String f : c.inputs) {
        expected.add(f + " 1");
      }
      assertEquals(expected.stream().sorted().toList(), atFirstExit, c.context());
    }
  }

  @Test
  void survivesWorkersThatCrashAndAreRestarted() throws Exception {
    try (MrCluster c = new MrCluster("crash")) {
      // The labs' layout (intermediate files outlive their worker); the network shuffle's recovery
      // from dead workers is MrKillTest's subject. A shorter re-issue timeout than the labs' 10 s
      // keeps the suite short; crashes still stall up to 10 s.
      MrCluster.Coordinator coord = c.coordinator("--task-timeout", "4s", "--shared-dir", ".");
      List<Process> started = new ArrayList<>();
      started.add(c.worker(coord, "crash"));
      List<Thread> loops = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Thread t = new Thread(() -> {
          try {
            while (coord.process().isAlive()) {
              Process w = c.worker(coord, "crash");
              synchronized (started) {
                started.add(w);
              }
              while (w.isAlive() && coord.process().isAlive()) {
                Thread.sleep(100);
              }
              Thread.sleep(1000);
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        t.start();
        loops.add(t);
      }
      assertTrue(MrCluster.waitFor(coord.process(), 120), "crash job did not finish within 120 s" + c.context());
      for (Thread t : loops) {
        t.join(15_000);
      }
      assertEquals(0, coord.process().exitValue(), c.context());
      assertEquals(c.sequential("nocrash"), c.output(), "crash output differs from nocrash" + c.context());
      synchronized (started) {
        assertTrue(started.size() >= 2, "workers were restarted" + c.context());
      }
    }
  }
}
