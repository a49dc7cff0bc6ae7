package io.gauntlet.system.mapreduce.sim;

import io.gauntlet.system.mapreduce.Coordinator;
import io.gauntlet.system.mapreduce.Protocol;
import io.gauntlet.system.mapreduce.Protocol.MapDone;
import io.gauntlet.system.mapreduce.Protocol.ReduceDone;
import io.gauntlet.system.mapreduce.Tasks;
import io.gauntlet.system.sim.NetworkConfig;
import io.gauntlet.system.sim.NoProgress;
import io.gauntlet.system.sim.SimWorld;
import io.gauntlet.system.sim.Simulation;
import io.gauntlet.system.sim.Soak;
import io.gauntlet.system.sim.Windows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One seeded run of the MapReduce coordinator in the simulator, with {@link SimWorker}s that stall
 * past the task timeout and then report late (map and reduce tasks) while the re-issued copy also
 * reports, report twice, or die. Checked: a task's completion counts once (progress never exceeds
 * the distinct tasks reported), no reduce task is handed out before every map task has reported, a
 * reduce task's map locations name a worker that reported that map task, the job finishes exactly
 * once, without error, only after every reduce task reported, and then every live worker is told
 * (a worker that died is not: it never asks again).
 */
public final class CoordinatorScenario {
  public static final String LATE_MAP = "mr late map + reissue";
  public static final String LATE_REDUCE = "mr late reduce + reissue";

  /** How a run ended; {@code failure} is null when it passed. */
  public record Outcome(long seed, String failure, String detail, long virtualMillis, Windows windows)
      implements Soak.Outcome {
    public boolean passed() {
      return failure == null;
    }
  }

  static final long MS = 1_000_000L;
  private static final long MAX_EVENTS = 2_000_000;

  private final long seed;
  private final SplittableRandom r;
  private final Simulation sim;
  private final SimWorld world;
  private final Windows windows = new Windows();
  private final int nMap;
  private final int nReduce;
  final long timeoutNanos;
  /** Per task: the workers whose completion report reached the coordinator, and from which attempts. */
  private final Map<Integer, Set<String>> mapReporters = new HashMap<>();
  private final Map<Integer, Set<Integer>> mapAttempts = new HashMap<>();
  private final Map<Integer, Set<Integer>> reduceAttempts = new HashMap<>();
  private final List<String> finished = new ArrayList<>();
  private int workers;
  /** Workers that exited on JobDone, and workers that died. */
  private int gone;
  private String violation;

  private CoordinatorScenario(long seed) {
    this.seed = seed;
    this.r = new SplittableRandom(seed ^ 0x6D72L);
    this.sim = new Simulation(seed);
    sim.budget(MAX_EVENTS, 600_000 * MS, 20_000);
    NetworkConfig net = NetworkConfig.reliable();
    net.maxDelayNanos = (1 + r.nextInt(20)) * MS; // TCP: late, never lost (a dead worker's are)
    this.world = new SimWorld(sim, net);
    this.nMap = 1 + r.nextInt(8);
    this.nReduce = 1 + r.nextInt(5);
    this.timeoutNanos = (200 + r.nextInt(800)) * MS;
  }

  public static Outcome run(long seed, Consumer<String> trace) {
    CoordinatorScenario s = new CoordinatorScenario(seed);
    if (trace != null) {
      s.sim.traceTo(trace);
    }
    return s.run();
  }

  private Outcome run() {
    List<Tasks.Input> inputs = new ArrayList<>();
    for (int i = 0; i < nMap; i++) {
      inputs.add(new Tasks.Input("in-" + i, Path.of("in-" + i)));
    }
    Coordinator.Job job = new Coordinator.Job(inputs, nReduce, timeoutNanos, "out", "shared", 3);
    world.observe((from, to, m) -> {
      if (to.equals(Protocol.COORDINATOR)) {
        reported(from, m);
      } else if (m instanceof Protocol.ReduceAssignment a) {
        assigned(to, a);
      }
    });
    world.add(Protocol.COORDINATOR, rt -> new Coordinator(rt, job, new Coordinator.Listener() {
      @Override
      public void progress(int mapsDone, int nMapTasks, int reducesDone, int nReduceTasks) {
        if (mapsDone > distinct(mapAttempts) || reducesDone > distinct(reduceAttempts)) {
          fail("counted a completion twice: progress says " + mapsDone + "/" + nMapTasks + " maps and " + reducesDone
              + "/" + nReduceTasks + " reduces done, but only " + distinct(mapAttempts) + " map and "
              + distinct(reduceAttempts) + " reduce tasks have reported");
        }
      }

      @Override
      public void finished(String error) {
        finished.add(String.valueOf(error));
        if (finished.size() > 1) {
          fail("the job finished twice: " + finished);
        } else if (error != null) {
          fail("the job failed: " + error);
        } else if (distinct(reduceAttempts) < nReduce) {
          fail("the job finished after " + distinct(reduceAttempts) + " of " + nReduce + " reduce tasks reported");
        }
      }
    }));
    workers = 2 + r.nextInt(4);
    for (int i = 0; i < workers; i++) {
      SplittableRandom wr = r.split();
      boolean mortal = i > 0 && wr.nextInt(4) == 0; // worker 0 never dies, so the job can finish
      world.add("w" + i, rt -> new SimWorker(rt, wr, this, mortal));
    }
    try {
      boolean done = sim.runUntil(() -> violation != null || (!finished.isEmpty() && gone == workers), 300_000 * MS);
      if (violation != null) {
        return outcome("coordinator rule", violation);
      }
      if (!done) {
        return outcome("liveness", finished.isEmpty() ? "the job did not finish in 300 s of virtual time"
            : "the job finished but " + (workers - gone) + " live workers were never told");
      }
      return outcome(null, null);
    } catch (NoProgress e) {
      return outcome(NoProgress.NAME, e.report());
    }
  }

  private void reported(String worker, Object m) {
    if (m instanceof MapDone d) {
      mapReporters.computeIfAbsent(d.task(), k -> new HashSet<>()).add(worker);
      if (!mapAttempts.computeIfAbsent(d.task(), k -> new HashSet<>()).add(d.attempt())) {
        return;
      }
      if (mapAttempts.get(d.task()).size() == 2) {
        windows.reached(LATE_MAP); // a stalled copy and the re-issued copy of one map task both reported
      }
    } else if (m instanceof ReduceDone d) {
      if (reduceAttempts.computeIfAbsent(d.task(), k -> new HashSet<>()).add(d.attempt())
          && reduceAttempts.get(d.task()).size() == 2) {
        windows.reached(LATE_REDUCE);
      }
    }
  }

  private void assigned(String worker, Protocol.ReduceAssignment a) {
    if (distinct(mapAttempts) < nMap) {
      fail("reduce task " + a.task() + " handed to " + worker + " after only " + distinct(mapAttempts) + " of " + nMap
          + " map tasks reported");
      return;
    }
    for (Protocol.MapLocation l : a.locations()) {
      Set<String> by = mapReporters.get(l.mapTask());
      if (by == null || !by.contains(l.worker())) {
        fail("reduce task " + a.task() + " is told map task " + l.mapTask() + " is on " + l.worker()
            + ", which never reported it (reported by " + by + ")");
      }
    }
  }

  /** A worker exited on JobDone, or died. */
  void gone() {
    gone++;
  }

  /** A worker decided to stall past the timeout on a task: the schedule fired. */
  void stalled(boolean map) {
    windows.fired(map ? LATE_MAP : LATE_REDUCE);
  }

  private static int distinct(Map<Integer, Set<Integer>> reports) {
    return reports.size();
  }

  private void fail(String what) {
    if (violation == null) {
      violation = what;
    }
  }

  private Outcome outcome(String failure, String detail) {
    String setup = "maps=" + nMap + " reduces=" + nReduce + " timeout=" + timeoutNanos / MS + "ms";
    return new Outcome(seed, failure, detail == null ? null : detail + " [" + setup + "]", sim.now() / MS, windows);
  }
}
