package io.gauntlet.workloads.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gauntlet.checker.history.History;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lost appends name acknowledged writes missing from a final read; an unanswered final read is no loss. */
class LostAppendsTest {
  private static History appends() {
    long[] t = {0};
    SimHistory h = new SimHistory(() -> t[0]++, "test");
    int p = h.newProcess();
    for (String[] kv : new String[][] {{"a", "1;"}, {"a", "2;"}, {"b", "3;"}}) {
      h.invoke(p, "append", kv[0], SimHistory.JSON.textNode(kv[1]), null);
      h.ok(p, SimHistory.JSON.textNode(kv[1]));
    }
    return h.build();
  }

  @Test
  void anAcknowledgedAppendMissingFromTheFinalReadIsLost() {
    List<LostAppends.Loss> lost = LostAppends.check(appends(), Map.of("a", "1;", "b", "3;"));
    assertEquals(List.of(new LostAppends.Loss("a", "2;", "1;")), lost);
  }

  @Test
  void aKeyWhoseFinalReadGotNoAnswerIsUnreadNotLost() {
    Map<String, String> finals = new HashMap<>(Map.of("a", "1;2;"));
    finals.put("b", null);
    assertEquals(List.of(), LostAppends.check(appends(), finals));
    assertEquals(List.of("b"), LostAppends.unread(finals));
  }
}
