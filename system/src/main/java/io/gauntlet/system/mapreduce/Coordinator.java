package io.gauntlet.system.mapreduce;

import io.gauntlet.system.mapreduce.Protocol.FetchFailed;
import io.gauntlet.system.mapreduce.Protocol.JobDone;
import io.gauntlet.system.mapreduce.Protocol.MapAssignment;
import io.gauntlet.system.mapreduce.Protocol.MapDone;
import io.gauntlet.system.mapreduce.Protocol.MapLocation;
import io.gauntlet.system.mapreduce.Protocol.ReduceAssignment;
import io.gauntlet.system.mapreduce.Protocol.ReduceDone;
import io.gauntlet.system.mapreduce.Protocol.TaskFailed;
import io.gauntlet.system.mapreduce.Protocol.TaskRequest;
import io.gauntlet.system.mapreduce.Protocol.Wait;
import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MapReduce coordinator: a deterministic event handler over a {@link Runtime}. It hands out map
 * tasks, then (once every map is done) reduce tasks; re-issues a task not reported done within the
 * task timeout; accepts the first report of each task and ignores late or duplicate ones; and, when
 * a reduce worker cannot fetch a finished map task's output (its worker died), marks that map task
 * to be executed again, as Google's MapReduce does.
 */
public final class Coordinator implements Node {
  /**
   * Workers whose map output could not be fetched: their reports of tasks handed out before then
   * are not trusted.
   */
  private final java.util.Set<String> unreachable = new java.util.HashSet<>();
  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

  /**
   * @param outDir where reduce workers write {@code mr-out-<r>}
   * @param sharedDir the labs' layout: every intermediate file in this one directory (null for the
   *     network shuffle)
   * @param maxTaskFailures a task that throws this many times fails the job
   */
  public record Job(
      List<Tasks.Input> inputs, int nReduce, long taskTimeoutNanos, String outDir, String sharedDir, int maxTaskFailures) {
    public Job {
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("a job needs at least one input file");
      }
      if (nReduce < 1) {
        throw new IllegalArgumentException("nReduce must be at least 1, got " + nReduce);
      }
    }
  }

  /** Told of progress and of the end, on the coordinator's thread. */
  public interface Listener {
    void progress(int mapsDone, int nMap, int reducesDone, int nReduce);

    /** The job ended: {@code error} is null on success, else why it failed. */
    void finished(String error);

    /** After the end, every worker that ever asked for a task has been told the job is over. */
    default void workersReleased() {}
  }

  private enum State { IDLE, RUNNING, DONE }

  private static final class Task {
    State state = State.IDLE;
    int attempt;
    int failures;
    Cancellable timer;
    String worker;
    String address;
  }

  private final Runtime rt;
  private final Job job;
  private final Listener listener;
  private final Task[] maps;
  private final Task[] reduces;
  private int mapsDone;
  private int reducesDone;
  private boolean finished;
  private final Set<String> workers = new HashSet<>();
  private final Set<String> released = new HashSet<>();
  /** Workers whose task request found nothing to do, in arrival order. */
  private final Map<String, Parked> parked = new LinkedHashMap<>();

  /** How long a task request may wait for a task before it is answered with Wait. */
  static final long PARK_NANOS = 500_000_000L;

  private record Parked(long seq, Cancellable timer) {}

  public Coordinator(Runtime rt, Job job, Listener listener) {
    this.rt = rt;
    this.job = job;
    this.listener = listener;
    this.maps = newTasks(job.inputs().size());
    this.reduces = newTasks(job.nReduce());
  }

  private static Task[] newTasks(int n) {
    Task[] t = new Task[n];
    for (int i = 0; i < n; i++) {
      t[i] = new Task();
    }
    return t;
  }

  @Override
  public void start() {
    listener.progress(0, maps.length, 0, reduces.length);
  }

  public boolean finished() {
    return finished;
  }

  @Override
  public void onMessage(String from, Message m) {
    if (m instanceof TaskRequest r) {
      assign(from, r);
    } else if (m instanceof MapDone d) {
      mapDone(from, d);
    } else if (m instanceof ReduceDone d) {
      reduceDone(d);
    } else if (m instanceof FetchFailed f) {
      fetchFailed(from, f);
    } else if (m instanceof TaskFailed f) {
      taskFailed(from, f);
    } else {
      log.warn("coordinator: ignoring unexpected {} from {}", m.getClass().getSimpleName(), from);
    }
  }

  private void assign(String worker, TaskRequest r) {
    workers.add(worker);
    Parked old = parked.remove(worker);
    if (old != null) {
      old.timer().cancel();
    }
    if (tryAssign(worker, r.seq())) {
      return;
    }
    // Long poll: answer as soon as a task frees up, or with Wait after PARK_NANOS (which also
    // tells the worker the coordinator is alive).
    long seq = r.seq();
    Cancellable timer = rt.schedule(PARK_NANOS, () -> {
      Parked p = parked.get(worker);
      if (p != null && p.seq() == seq) {
        parked.remove(worker);
        rt.send(worker, new Wait(seq));
      }
    });
    parked.put(worker, new Parked(seq, timer));
  }

  /** Sends {@code worker} a task or JobDone and returns true, or returns false if there is nothing to give. */
  private boolean tryAssign(String worker, long seq) {
    if (finished) {
      rt.send(worker, new JobDone(seq));
      if (released.add(worker) && released.size() == workers.size()) {
        listener.workersReleased();
      }
      return true;
    }
    if (mapsDone < maps.length) {
      int i = idle(maps);
      if (i < 0) {
        return false;
      }
      Task t = run(maps, i, worker);
      Tasks.Input in = job.inputs().get(i);
      rt.send(worker, new MapAssignment(seq, i, t.attempt, in.name(), in.path().toString(), job.nReduce(), job.sharedDir()));
      return true;
    }
    int i = idle(reduces);
    if (i < 0) {
      return false;
    }
    Task t = run(reduces, i, worker);
    List<MapLocation> locations = new ArrayList<>(maps.length);
    for (int m = 0; m < maps.length; m++) {
      locations.add(new MapLocation(m, maps[m].worker, maps[m].address));
    }
    rt.send(worker, new ReduceAssignment(seq, i, t.attempt, job.outDir(), job.sharedDir(), locations));
    return true;
  }

  /** Something changed (a task became idle, the maps finished, the job ended): serve parked workers, oldest first. */
  private void dispatchParked() {
    for (Iterator<Map.Entry<String, Parked>> it = parked.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Parked> e = it.next();
      if (!tryAssign(e.getKey(), e.getValue().seq())) {
        return;
      }
      e.getValue().timer().cancel();
      it.remove();
    }
  }

  private static int idle(Task[] tasks) {
    for (int i = 0; i < tasks.length; i++) {
      if (tasks[i].state == State.IDLE) {
        return i;
      }
    }
    return -1;
  }

  private Task run(Task[] tasks, int i, String worker) {
    Task t = tasks[i];
    t.state = State.RUNNING;
    t.attempt++;
    t.worker = worker;
    int attempt = t.attempt;
    t.timer = rt.schedule(job.taskTimeoutNanos(), () -> {
      if (t.state == State.RUNNING && t.attempt == attempt) {
        log.info("coordinator: {} task {} attempt {} on {} timed out; re-issuing", tasks == maps ? "map" : "reduce", i, attempt, worker);
        t.state = State.IDLE;
        dispatchParked();
      }
    });
    return t;
  }

  private void mapDone(String worker, MapDone d) {
    if (!valid(maps, d.task()) || maps[d.task()].state == State.DONE || finished) {
      return; // late or duplicate: the first completion of a task wins
    }
    Task t = maps[d.task()];
    boolean current = t.state == State.RUNNING && t.attempt == d.attempt() && worker.equals(t.worker);
    if (unreachable.contains(worker) && !current) {
      // A late report, from before its output could not be fetched: re-execute instead. A task
      // handed to it since is trusted: the worker may have been cut off only for a while, and
      // ignoring its new work too left a job whose every worker had been cut off once unfinished.
      return;
    }
    complete(t);
    t.worker = worker;
    t.address = d.shuffleAddress();
    mapsDone++;
    report();
    dispatchParked();
  }

  private void reduceDone(ReduceDone d) {
    if (!valid(reduces, d.task()) || reduces[d.task()].state == State.DONE || finished) {
      return;
    }
    complete(reduces[d.task()]);
    reducesDone++;
    report();
    if (reducesDone == reduces.length) {
      finish(null);
    }
  }

  private static boolean valid(Task[] tasks, int i) {
    return i >= 0 && i < tasks.length;
  }

  private static void complete(Task t) {
    t.state = State.DONE;
    if (t.timer != null) {
      t.timer.cancel();
    }
  }

  private void fetchFailed(String reducer, FetchFailed f) {
    if (finished || !valid(maps, f.mapTask()) || !valid(reduces, f.reduceTask())) {
      return;
    }
    Task m = maps[f.mapTask()];
    if (m.state == State.DONE && f.worker() != null && f.worker().equals(m.worker)) {
      // The worker that holds this output is gone; so is everything else it holds (Google's
      // MapReduce resets every completed map task of a failed worker).
      log.info("coordinator: output of map task {} on {} is unreachable ({}); re-executing that worker's map tasks",
          f.mapTask(), m.worker, f.reason());
      unreachable.add(f.worker());
      for (Task t : maps) {
        if (t.state == State.DONE && f.worker().equals(t.worker)) {
          t.state = State.IDLE;
          t.worker = null;
          t.address = null;
          mapsDone--;
        }
      }
      report();
    }
    Task r = reduces[f.reduceTask()];
    if (r.state == State.RUNNING && reducer.equals(r.worker)) {
      r.timer.cancel();
      r.state = State.IDLE;
    }
    dispatchParked();
  }

  private void taskFailed(String worker, TaskFailed f) {
    Task[] tasks = f.map() ? maps : reduces;
    if (finished || !valid(tasks, f.task())) {
      return;
    }
    Task t = tasks[f.task()];
    if (t.state != State.RUNNING || t.attempt != f.attempt()) {
      return;
    }
    t.timer.cancel();
    t.state = State.IDLE;
    t.failures++;
    String what = (f.map() ? "map task " + f.task() + " (" + job.inputs().get(f.task()).name() + ")" : "reduce task " + f.task());
    log.warn("coordinator: {} failed on {}: {}", what, worker, f.reason());
    if (t.failures >= job.maxTaskFailures()) {
      finish(what + " failed " + t.failures + " times; last error: " + f.reason());
    } else {
      dispatchParked();
    }
  }

  private void report() {
    listener.progress(mapsDone, maps.length, reducesDone, reduces.length);
  }

  private void finish(String error) {
    finished = true;
    for (Task t : maps) {
      if (t.timer != null) {
        t.timer.cancel();
      }
    }
    for (Task t : reduces) {
      if (t.timer != null) {
        t.timer.cancel();
      }
    }
    listener.finished(error);
    if (workers.isEmpty()) {
      listener.workersReleased();
    }
    dispatchParked(); // every parked worker learns at once that the job is over
  }
}
