package io.gauntlet.system.mapreduce.sim;

import io.gauntlet.system.mapreduce.Protocol;
import io.gauntlet.system.mapreduce.Protocol.JobDone;
import io.gauntlet.system.mapreduce.Protocol.MapAssignment;
import io.gauntlet.system.mapreduce.Protocol.MapDone;
import io.gauntlet.system.mapreduce.Protocol.ReduceAssignment;
import io.gauntlet.system.mapreduce.Protocol.ReduceDone;
import io.gauntlet.system.mapreduce.Protocol.TaskRequest;
import io.gauntlet.system.mapreduce.Protocol.Wait;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.SplittableRandom;

/**
 * A MapReduce worker reduced to its timing, for the coordinator's soak: it asks for a task, "runs"
 * it for a while and reports, drawn from the seed. Sometimes it stalls past the task timeout and
 * reports late, after the coordinator re-issued the task (so both copies report); sometimes it
 * reports twice; a mortal worker may die mid-task and never report.
 */
final class SimWorker implements Node {
  private final Runtime rt;
  private final SplittableRandom r;
  private final CoordinatorScenario scenario;
  private final boolean mortal;
  private long seq;
  private boolean dead;

  SimWorker(Runtime rt, SplittableRandom r, CoordinatorScenario scenario, boolean mortal) {
    this.rt = rt;
    this.r = r;
    this.scenario = scenario;
    this.mortal = mortal;
  }

  @Override
  public void start() {
    rt.schedule(r.nextLong(20) * CoordinatorScenario.MS, this::ask);
  }

  private void ask() {
    if (!dead) {
      rt.send(Protocol.COORDINATOR, new TaskRequest(++seq, rt.self() + ":0"));
    }
  }

  @Override
  public void onMessage(String from, Message m) {
    if (dead || (m instanceof Wait w && w.seq() != seq)) {
      return;
    }
    if (m instanceof Wait) {
      ask();
    } else if (m instanceof MapAssignment a) {
      work(true, new MapDone(a.task(), a.attempt(), rt.self() + ":0"));
    } else if (m instanceof ReduceAssignment a) {
      work(false, new ReduceDone(a.task(), a.attempt()));
    } else if (m instanceof JobDone) {
      dead = true; // exits
      scenario.gone();
    }
  }

  private void work(boolean map, Message done) {
    int pick = r.nextInt(10);
    if (mortal && pick == 0) {
      dead = true; // dies mid-task: never reports, never asks again
      scenario.gone();
      return;
    }
    long t = scenario.timeoutNanos;
    long took;
    if (pick < 4) {
      scenario.stalled(map);
      took = t + t / 4 + r.nextLong(2 * t); // past the timeout: the task is re-issued meanwhile
    } else {
      took = r.nextLong(t / 2);
    }
    rt.schedule(took, () -> {
      if (dead) {
        return;
      }
      rt.send(Protocol.COORDINATOR, done);
      if (r.nextInt(5) == 0) {
        rt.send(Protocol.COORDINATOR, done); // a retried report: must not count twice
      }
      ask();
    });
  }
}
