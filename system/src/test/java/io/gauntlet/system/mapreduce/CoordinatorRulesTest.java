package io.gauntlet.system.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gauntlet.system.mapreduce.Protocol.MapAssignment;
import io.gauntlet.system.mapreduce.Protocol.MapDone;
import io.gauntlet.system.mapreduce.Protocol.ReduceAssignment;
import io.gauntlet.system.mapreduce.Protocol.ReduceDone;
import io.gauntlet.system.mapreduce.Protocol.TaskRequest;
import io.gauntlet.system.runtime.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The coordinator's completion rules as a table: a script of requests, timeouts and reports against
 * a job of 2 map and 2 reduce tasks (timeout 10 s), and what the coordinator reported as done and
 * handed out. Script words: {@code ask W} (W asks for a task), {@code wait S} (S seconds pass),
 * {@code map W T} / {@code reduce W T} (W reports task T done, for the attempt W was given).
 */
class CoordinatorRulesTest {
  record Rule(String rule, String script, String expected) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Rule> rules() {
    return Stream.of(
        new Rule("a duplicate map report never counts twice",
            "ask w1; ask w2; map w1 0; map w1 0; ask w3",
            "maps 1/2 reduces 0/2 | w1:map0 w2:map1 w3:- | done -"),
        new Rule("a stalled map copy that reports late after the re-issued copy reported counts once",
            "ask w1; ask w2; wait 11; ask w3; map w3 0; map w1 0; map w2 1; ask w1",
            "maps 2/2 reduces 0/2 | w1:map0 w2:map1 w3:map0 w1:reduce0 | done -"),
        new Rule("a duplicate reduce report never counts twice, and the job ends only when every reduce did",
            "ask w1; ask w2; map w1 0; map w2 1; ask w1; ask w2; reduce w1 0; reduce w1 0",
            "maps 2/2 reduces 1/2 | w1:map0 w2:map1 w1:reduce0 w2:reduce1 | done -"),
        new Rule("a stalled reduce copy that reports late after the re-issued copy counts once",
            "ask w1; ask w2; map w1 0; map w2 1; ask w1; ask w2; wait 11; ask w3; reduce w3 0; reduce w1 0; reduce w2 1",
            "maps 2/2 reduces 2/2 | w1:map0 w2:map1 w1:reduce0 w2:reduce1 w3:reduce0 | done null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void rule(Rule rule) {
    ManualRuntime rt = new ManualRuntime();
    String[] progress = {""};
    List<String> finished = new ArrayList<>();
    Coordinator c = new Coordinator(rt,
        new Coordinator.Job(List.of(new Tasks.Input("f0", Path.of("/in/f0")), new Tasks.Input("f1", Path.of("/in/f1"))),
            2, 10_000_000_000L, "/out", null, 3),
        new Coordinator.Listener() {
          @Override
          public void progress(int mapsDone, int nMap, int reducesDone, int nReduce) {
            progress[0] = "maps " + mapsDone + "/" + nMap + " reduces " + reducesDone + "/" + nReduce;
          }

          @Override
          public void finished(String error) {
            finished.add(String.valueOf(error));
          }
        });
    List<String> handedOut = new ArrayList<>();
    java.util.Map<String, Message> given = new java.util.HashMap<>();
    long seq = 0;
    for (String step : rule.script().split(";\\s*")) {
      String[] w = step.trim().split(" ");
      int sent = rt.sent.size();
      switch (w[0]) {
        case "ask" -> c.onMessage(w[1], new TaskRequest(++seq, w[1] + ":1"));
        case "wait" -> rt.advance(Long.parseLong(w[1]) * 1_000_000_000L);
        case "map" -> c.onMessage(w[1], new MapDone(Integer.parseInt(w[2]), attempt(given, w[1], true), w[1] + ":1"));
        case "reduce" -> c.onMessage(w[1], new ReduceDone(Integer.parseInt(w[2]), attempt(given, w[1], false)));
        default -> throw new IllegalArgumentException("unknown script word " + w[0]);
      }
      if (w[0].equals("ask") && rt.sent.size() == sent) {
        handedOut.add(w[1] + ":-"); // held: nothing to hand out now
      }
      for (ManualRuntime.Sent s : rt.sent.subList(sent, rt.sent.size())) {
        if (s.m() instanceof MapAssignment a) {
          handedOut.add(s.to() + ":map" + a.task());
          given.put(s.to() + "/map", a);
        } else if (s.m() instanceof ReduceAssignment a) {
          handedOut.add(s.to() + ":reduce" + a.task());
          given.put(s.to() + "/reduce", a);
        }
      }
    }
    String got = progress[0] + " | " + String.join(" ", handedOut) + " | done " + (finished.isEmpty() ? "-" : String.join(",", finished));
    assertEquals(rule.expected(), got, rule.rule());
  }

  /** The attempt number of the task {@code worker} was last given. */
  private static int attempt(java.util.Map<String, Message> given, String worker, boolean map) {
    Message m = given.get(worker + (map ? "/map" : "/reduce"));
    return m instanceof MapAssignment a ? a.attempt() : m instanceof ReduceAssignment a ? a.attempt() : 1;
  }
}
