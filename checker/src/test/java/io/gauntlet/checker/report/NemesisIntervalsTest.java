package io.gauntlet.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import io.gauntlet.checker.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class NemesisIntervalsTest {
  static final int N = Op.NEMESIS;

  @Test
  void startStopPairsSingleCallsAndUnstoppedFaults() {
    History h = new HistoryRecorder()
        .at(10).invoke(N, "start-partition", null, "\"halves\"")
        .at(11).ok(N, "\"halves\"")
        .at(20).invoke(0, "write", null, "1")
        .at(30).invoke(N, "kill", null, "\"n2\"")
        .at(35).ok(N, "\"n2\"")
        .at(40).invoke(N, "stop-partition", null, (String) null)
        .at(42).ok(N, (String) null)
        .at(50).ok(0, "1")
        .at(60).invoke(N, "start", null, (String) null)
        .at(61).info(N, "timeout")
        .at(70).invoke(1, "read", null, (String) null)
        .at(90).ok(1, "1")
        .build();
    assertEquals(List.of(
            new NemesisIntervals.Interval("partition", 10, 42, "\"halves\""),
            new NemesisIntervals.Interval("kill", 30, 35, "\"n2\""),
            new NemesisIntervals.Interval("fault", 60, 90, "")),
        NemesisIntervals.of(h),
        "start-X until stop-X completes; other calls invoke..completion; a start never stopped lasts to the end");
  }

  @Test
  void aStopWithoutAStartAndANeverCompletedCall() {
    History h = new HistoryRecorder()
        .at(5).invoke(N, "stop-clock", null, (String) null).ok(N, (String) null)
        .at(10).invoke(N, "pause", null, "\"n1\"")
        .at(100).invoke(0, "read", null, (String) null)
        .build();
    assertEquals(List.of(new NemesisIntervals.Interval("pause", 10, 100, "\"n1\"")), NemesisIntervals.of(h));
  }
}
