package io.gauntlet.system.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.mapreduce.Protocol.FetchFailed;
import io.gauntlet.system.mapreduce.Protocol.JobDone;
import io.gauntlet.system.mapreduce.Protocol.MapAssignment;
import io.gauntlet.system.mapreduce.Protocol.MapDone;
import io.gauntlet.system.mapreduce.Protocol.ReduceAssignment;
import io.gauntlet.system.mapreduce.Protocol.ReduceDone;
import io.gauntlet.system.mapreduce.Protocol.TaskFailed;
import io.gauntlet.system.mapreduce.Protocol.TaskRequest;
import io.gauntlet.system.mapreduce.Protocol.Wait;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoordinatorTest {
  private static final long SECOND = 1_000_000_000L;
  private final ManualRuntime rt = new ManualRuntime();
  private final List<String> finished = new ArrayList<>();
  private final Coordinator c = new Coordinator(rt,
      new Coordinator.Job(List.of(new Tasks.Input("f0", Path.of("/in/f0")), new Tasks.Input("f1", Path.of("/in/f1"))),
          2, 10 * SECOND, "/out", null, 3),
      new Coordinator.Listener() {
        @Override
        public void progress(int mapsDone, int nMap, int reducesDone, int nReduce) {}

        @Override
        public void finished(String error) {
          finished.add(String.valueOf(error));
        }
      });
  private long seq;

  private <T> T ask(String worker, Class<T> expected) {
    c.onMessage(worker, new TaskRequest(++seq, worker + ":1"));
    assertEquals(worker, rt.sent.get(rt.sent.size() - 1).to());
    return assertInstanceOf(expected, rt.last());
  }

  /** Sends a request that finds nothing to do: the coordinator holds it (long poll) and sends nothing yet. */
  private void park(String worker) {
    int before = rt.sent.size();
    c.onMessage(worker, new TaskRequest(++seq, worker + ":1"));
    assertEquals(before, rt.sent.size(), "a request with nothing to do is held, not answered");
  }

  private <T> T lastTo(String worker, Class<T> expected) {
    ManualRuntime.Sent s = rt.sent.get(rt.sent.size() - 1);
    assertEquals(worker, s.to());
    return assertInstanceOf(expected, s.m());
  }

  @Test
  void mapsThenReducesThenDone() {
    MapAssignment m0 = ask("w1", MapAssignment.class);
    MapAssignment m1 = ask("w2", MapAssignment.class);
    assertEquals(List.of(0, 1), List.of(m0.task(), m1.task()));
    park("w3"); // every map is running; reduces wait for all maps
    rt.advance(Coordinator.PARK_NANOS);
    lastTo("w3", Wait.class);
    park("w3");
    c.onMessage("w1", new MapDone(0, m0.attempt(), "w1:1"));
    park("w1");
    c.onMessage("w2", new MapDone(1, m1.attempt(), "w2:1"));
    // The last map finished: both held requests get a reduce task at once, oldest first.
    ReduceAssignment r0 = assertInstanceOf(ReduceAssignment.class, rt.sent.get(rt.sent.size() - 2).m());
    assertEquals("w3", rt.sent.get(rt.sent.size() - 2).to());
    ReduceAssignment r1 = lastTo("w1", ReduceAssignment.class);
    assertEquals("w2", r0.locations().get(1).worker());
    assertEquals("w2:1", r0.locations().get(1).address());
    park("w2");
    c.onMessage("w3", new ReduceDone(r0.task(), r0.attempt()));
    assertTrue(finished.isEmpty());
    c.onMessage("w1", new ReduceDone(r1.task(), r1.attempt()));
    assertEquals(List.of("null"), finished);
    lastTo("w2", JobDone.class); // the held request learns at once that the job is over
    ask("w1", JobDone.class);
  }

  @Test
  void reissuesATaskAfterTheTimeoutAndTheFirstReportWins() {
    MapAssignment first = ask("w1", MapAssignment.class);
    ask("w2", MapAssignment.class);
    rt.advance(9_700_000_000L);
    park("w3");
    rt.advance(SECOND / 2); // at 10 s the maps time out; the held request gets one at once
    MapAssignment again = lastTo("w3", MapAssignment.class);
    assertEquals(first.task(), again.task());
    assertEquals(first.attempt() + 1, again.attempt());
    c.onMessage("w1", new MapDone(first.task(), first.attempt(), "w1:1")); // late, but the first report
    c.onMessage("w3", new MapDone(again.task(), again.attempt(), "w3:1")); // duplicate: ignored
    MapAssignment other = ask("w4", MapAssignment.class);
    c.onMessage("w4", new MapDone(other.task(), other.attempt(), "w4:1"));
    ReduceAssignment r = ask("w1", ReduceAssignment.class);
    assertEquals("w1", r.locations().get(first.task()).worker(), "the first completion's output is the one used");
  }

  @Test
  void unfetchableMapOutputIsReExecuted() {
    MapAssignment m0 = ask("w1", MapAssignment.class);
    MapAssignment m1 = ask("w2", MapAssignment.class);
    c.onMessage("w1", new MapDone(m0.task(), m0.attempt(), "w1:1"));
    c.onMessage("w2", new MapDone(m1.task(), m1.attempt(), "w2:1"));
    ReduceAssignment r = ask("w1", ReduceAssignment.class);
    c.onMessage("w1", new FetchFailed(r.task(), m1.task(), "w2", "connection refused"));
    MapAssignment redo = ask("w1", MapAssignment.class);
    assertEquals(m1.task(), redo.task());
    c.onMessage("w1", new MapDone(redo.task(), redo.attempt(), "w1:1"));
    ReduceAssignment r2 = ask("w1", ReduceAssignment.class);
    assertEquals(r.task(), r2.task(), "the reduce task that could not fetch is handed out again");
    assertEquals("w1", r2.locations().get(m1.task()).worker());
    // A second report about the same, already replaced, location changes nothing.
    c.onMessage("w3", new FetchFailed(1 - r.task(), m1.task(), "w2", "connection refused"));
    assertInstanceOf(ReduceAssignment.class, ask("w3", ReduceAssignment.class));
  }

  /** A late MapDone from a worker whose output was found unreachable must not point reducers back at it. */
  @Test
  void aLateReportFromAnUnreachableWorkerIsIgnored() {
    MapAssignment m0 = ask("w1", MapAssignment.class);
    MapAssignment m1 = ask("w2", MapAssignment.class);
    c.onMessage("w1", new MapDone(m0.task(), m0.attempt(), "w1:1"));
    c.onMessage("w2", new MapDone(m1.task(), m1.attempt(), "w2:1"));
    ReduceAssignment r = ask("w1", ReduceAssignment.class);
    c.onMessage("w1", new FetchFailed(r.task(), m1.task(), "w2", "connection refused"));
    c.onMessage("w2", new MapDone(m1.task(), m1.attempt(), "w2:1")); // delayed duplicate from the dead worker
    MapAssignment redo = ask("w3", MapAssignment.class);
    assertEquals(m1.task(), redo.task(), "the unreachable worker's map task must be re-executed, not taken from its late report");
  }

  /**
   * A worker found unreachable (say, cut off from the reducers for a while) that takes a new map
   * task and reports it is believed: when every worker had been found unreachable once, ignoring
   * all their reports left the job unfinished forever.
   */
  @Test
  void newWorkOfAWorkerOnceUnreachableCounts() {
    MapAssignment m0 = ask("w1", MapAssignment.class);
    MapAssignment m1 = ask("w2", MapAssignment.class);
    c.onMessage("w1", new MapDone(m0.task(), m0.attempt(), "w1:1"));
    c.onMessage("w2", new MapDone(m1.task(), m1.attempt(), "w2:1"));
    ReduceAssignment r1 = ask("w1", ReduceAssignment.class);
    ReduceAssignment r2 = ask("w2", ReduceAssignment.class);
    c.onMessage("w1", new FetchFailed(r1.task(), m1.task(), "w2", "connection timed out"));
    c.onMessage("w2", new FetchFailed(r2.task(), m0.task(), "w1", "connection timed out"));
    MapAssignment redo0 = ask("w1", MapAssignment.class);
    MapAssignment redo1 = ask("w2", MapAssignment.class);
    c.onMessage("w1", new MapDone(redo0.task(), redo0.attempt(), "w1:1"));
    c.onMessage("w2", new MapDone(redo1.task(), redo1.attempt(), "w2:1"));
    ReduceAssignment again = ask("w1", ReduceAssignment.class);
    assertEquals(List.of("w1", "w2"), again.locations().stream().map(l -> l.worker()).sorted().toList(),
        "both re-executed maps count, each at the worker that ran it");
  }

  @Test
  void everyMapOutputOfAnUnreachableWorkerIsReExecuted() {
    MapAssignment m0 = ask("w2", MapAssignment.class);
    MapAssignment m1 = ask("w2", MapAssignment.class);
    c.onMessage("w2", new MapDone(m0.task(), m0.attempt(), "w2:1"));
    c.onMessage("w2", new MapDone(m1.task(), m1.attempt(), "w2:1"));
    ReduceAssignment r = ask("w1", ReduceAssignment.class);
    c.onMessage("w1", new FetchFailed(r.task(), 0, "w2", "connection refused"));
    assertEquals(0, ask("w1", MapAssignment.class).task());
    assertEquals(1, ask("w3", MapAssignment.class).task(), "w2's other output is gone too");
  }

  @Test
  void aTaskThatKeepsFailingFailsTheJob() {
    for (int i = 0; i < 3; i++) {
      MapAssignment m = ask("w1", MapAssignment.class);
      assertEquals(0, m.task());
      c.onMessage("w1", new TaskFailed(true, 0, m.attempt(), "NoSuchFileException: /in/f0"));
      if (i < 2) {
        assertTrue(finished.isEmpty());
      }
    }
    assertEquals(1, finished.size());
    assertTrue(finished.get(0).contains("map task 0 (f0) failed 3 times"), finished.get(0));
    ask("w2", JobDone.class);
  }

  @Test
  void reportsForUnknownTasksAreIgnored() {
    c.onMessage("w1", new MapDone(7, 1, "w1:1"));
    c.onMessage("w1", new ReduceDone(-1, 1));
    MapAssignment m = ask("w1", MapAssignment.class);
    assertEquals(0, m.task());
    assertFalse(c.finished());
  }
}
