package io.gauntlet.control.testbed;

import io.gauntlet.system.mapreduce.Coordinator;
import io.gauntlet.system.mapreduce.CoordinatorOverride;
import io.gauntlet.system.mapreduce.Protocol.FetchFailed;
import io.gauntlet.system.mapreduce.Protocol.ReduceDone;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;

/**
 * A deliberately broken MapReduce coordinator for the test bed's own tests: when a reduce worker
 * reports that it cannot fetch a map output (the worker holding it was killed), the real
 * coordinator marks that map for re-execution, and this one also counts the reduce task as done,
 * though its worker wrote nothing. The job then ends with a reduce file missing, but only when a
 * worker dies holding map output that a reduce still needs: a mapreduce campaign under kill must
 * flag it.
 */
public final class UnfetchedReduceFixture implements CoordinatorOverride {
  @Override
  public Node create(Runtime rt, Coordinator.Job job, Coordinator.Listener listener) {
    Coordinator real = new Coordinator(rt, job, listener);
    return new WrappedNode(real) {
      @Override
      public void onMessage(String from, Message m) {
        real.onMessage(from, m);
        if (m instanceof FetchFailed f) {
          real.onMessage(from, new ReduceDone(f.reduceTask(), 0)); // the bug: an unfetched reduce counts as done
        }
      }
    };
  }
}
