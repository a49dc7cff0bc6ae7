package io.gauntlet.checker.linear;

import static io.gauntlet.checker.linear.Histories.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.gen.HistoryGenerator;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import io.gauntlet.checker.model.ModelException;
import io.gauntlet.checker.model.Models;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
  static HistoryRecorder rec() {
    return new HistoryRecorder();
  }

  @Test
  void sequentialStaleReadIsInvalidAndExplained() {
    History h = rec()
        .invoke(1, "write", null, "1").ok(1, "1")
        .invoke(2, "write", null, "2").ok(2, "2")
        .invoke(1, "read", null, "null").ok(1, "1")
        .build();
    CheckResult r = check(h, "register");
    assertEquals(Verdict.INVALID, r.verdict());
    Violation v = r.violation();
    assertNotNull(v);
    assertEquals(4, v.culprit().invokeIndex(), "the read of the overwritten value is the culprit");
    assertEquals(2, v.prefix().size(), "both writes linearize before it");
    assertEquals("2", v.prefixStates().get(0).toString());
    assertEquals(1, v.window().size(), "nothing is concurrent with the read");
    assertEquals(false, r.toJson().get("valid").booleanValue());
  }

  @Test
  void concurrentReadsMaySeeEitherValue() {
    History h = rec()
        .invoke(1, "write", null, "1")
        .invoke(2, "read", null, "null").ok(2, "1")
        .invoke(3, "read", null, "null").ok(3, "null")
        .ok(1, "1")
        .build();
    // p3's read of null after p2 read 1, both inside p1's write: not linearizable
    assertEquals(Verdict.INVALID, check(h, "register").verdict());
    History h2 = rec()
        .invoke(1, "write", null, "1")
        .invoke(2, "read", null, "null")
        .invoke(3, "read", null, "null").ok(3, "null")
        .ok(2, "1")
        .ok(1, "1")
        .build();
    CheckResult r = check(h2, "register");
    assertEquals(Verdict.VALID, r.verdict());
    assertNull(r.violation());
  }

  @Test
  void infoWriteMayTakeEffectLaterOrNever() {
    HistoryRecorder base = rec().invoke(1, "write", null, "1").info(1, "timeout");
    History later = base.invoke(2, "read", null, "null").ok(2, "null")
        .invoke(2, "read", null, "null").ok(2, "1").build();
    assertEquals(Verdict.VALID, check(later, "register").verdict(), "took effect after the first read");
    History never = rec().invoke(1, "write", null, "1").info(1, "timeout")
        .invoke(2, "read", null, "null").ok(2, "null").build();
    assertEquals(Verdict.VALID, check(never, "register").verdict(), "never took effect");
    History flipFlop = rec().invoke(1, "write", null, "1").info(1, "timeout")
        .invoke(2, "read", null, "null").ok(2, "1")
        .invoke(2, "read", null, "null").ok(2, "null").build();
    assertEquals(Verdict.INVALID, check(flipFlop, "register").verdict(), "a write cannot be undone");
    History uncompleted = rec().invoke(1, "write", null, "1")
        .invoke(2, "read", null, "null").ok(2, "1").build();
    assertEquals(Verdict.VALID, check(uncompleted, "register").verdict(), "an open invoke counts as info");
  }

  @Test
  void failedCasIsRemovedAndOkCasMustMatch() {
    History h = rec()
        .invoke(1, "write", null, "0").ok(1, "0")
        .invoke(1, "cas", null, "[5,6]").fail(1, "mismatch")
        .invoke(2, "cas", null, "[0,7]").ok(2, "[0,7]")
        .invoke(1, "read", null, "null").ok(1, "7")
        .build();
    assertEquals(Verdict.VALID, check(h, "cas-register").verdict());
    History bad = rec()
        .invoke(1, "write", null, "0").ok(1, "0")
        .invoke(2, "cas", null, "[3,7]").ok(2, "[3,7]")
        .build();
    assertEquals(Verdict.INVALID, check(bad, "cas-register").verdict());
  }

  @Test
  void kvIsCheckedPerKeyAndNamesTheBadKey() {
    History h = rec()
        .invoke(1, "append", "a", "\"x\"").ok(1, "\"x\"")
        .invoke(2, "append", "b", "\"y\"").ok(2, "\"y\"")
        .invoke(1, "get", "a", "null").ok(1, "\"x\"")
        .invoke(2, "get", "b", "null").ok(2, "\"yy\"")
        .build();
    CheckResult r = check(h, "kv");
    assertEquals(Verdict.INVALID, r.verdict());
    assertEquals("b", r.violation().key());
    assertEquals(2, r.keys().size());
    assertEquals(Verdict.VALID, r.keys().get(0).verdict());
    assertEquals("\"y\"", r.violation().prefixStates().get(0).toString());
  }

  /**
   * A stale read after a slow append: the append (process 2) is concurrent with everything up to
   * its return, and the read that misses it (process 4) starts after that return. The read is the
   * call the history contradicts; the append can be placed anywhere. With the kv pruning on (it
   * starts after some backtracking on real histories) the search declines to place the append
   * because it sees the read ahead; it once reported the append as the call that "cannot be
   * linearized", which sent a user to the wrong call (a CI run of etcd with serializable reads).
   */
  @Test
  void staleReadAfterASlowAppendIsTheCulpritNotTheAppend() {
    History h = rec()
        .invoke(1, "append", "k", "\"a\"").ok(1, "\"a\"")
        .invoke(2, "append", "k", "\"W\"")
        .invoke(3, "append", "k", "\"b\"").ok(3, "\"b\"")
        .invoke(3, "append", "k", "\"c\"").ok(3, "\"c\"")
        .invoke(3, "get", "k", "null").ok(3, "\"abc\"")
        .ok(2, "\"W\"")
        .invoke(4, "get", "k", "null").ok(4, "\"abc\"")
        .build();
    var m = Models.byName("kv");
    for (boolean prune : new boolean[] {false, true}) {
      LinearizabilityChecker checker = new LinearizabilityChecker(m, m.initialState(null), Budget.defaults());
      CheckResult r = (prune ? checker.alwaysPrune() : checker).check(h);
      assertEquals(Verdict.INVALID, r.verdict());
      OpView c = r.violation().culprit();
      assertEquals(4, c.process(), "pruning " + prune + ": the stale read is the culprit, not " + c);
      assertEquals("get", c.f());
      assertEquals("\"abcW\"", r.violation().prefixStates().get(0).toString(), "pruning " + prune);
    }
  }

  @Test
  void mutexDoubleAcquireIsInvalid() {
    History h = rec()
        .invoke(1, "acquire", null, "null").ok(1, "null")
        .invoke(2, "acquire", null, "null").ok(2, "null")
        .build();
    assertEquals(Verdict.INVALID, check(h, "mutex").verdict());
    History ok = rec()
        .invoke(1, "acquire", null, "null").ok(1, "null")
        .invoke(2, "acquire", null, "null")
        .invoke(1, "release", null, "null").ok(1, "null")
        .ok(2, "null")
        .build();
    assertEquals(Verdict.VALID, check(ok, "mutex").verdict());
  }

  @Test
  void versionedPutsNeedTheCurrentVersion() {
    History h = rec()
        .invoke(1, "put", "k", "{\"value\":\"a\",\"version\":0}").ok(1, "{\"value\":\"a\",\"version\":0}")
        .invoke(2, "put", "k", "{\"value\":\"b\",\"version\":0}").ok(2, "{\"value\":\"b\",\"version\":0}")
        .build();
    assertEquals(Verdict.INVALID, check(h, "versioned-kv").verdict());
    History maybe = rec()
        .invoke(1, "put", "k", "{\"value\":\"a\",\"version\":0}").info(1, "ErrMaybe")
        .invoke(2, "get", "k", "null").ok(2, "{\"value\":\"a\",\"version\":1}")
        .invoke(2, "put", "k", "{\"value\":\"b\",\"version\":0}").fail(2, "ErrVersion")
        .build();
    assertEquals(Verdict.VALID, check(maybe, "versioned-kv").verdict());
  }

  @Test
  void initialStateComesFromInit() {
    History h = rec().invoke(1, "read", null, "null").ok(1, "5").build();
    var m = Models.byName("register");
    var checker = new LinearizabilityChecker(m, m.initialState(HistoryRecorder.json("5")), Budget.defaults());
    assertEquals(Verdict.VALID, checker.check(h).verdict());
    assertEquals(Verdict.INVALID, check(h, "register").verdict());
  }

  @Test
  void callsThatDoNotFitTheModelAreNamed() {
    History h = rec().invoke(1, "frobnicate", null, "1").ok(1, "1").build();
    ModelException e = assertThrows(ModelException.class, () -> check(h, "register"));
    assertTrue(e.getMessage().startsWith("op 0 (process 1, f frobnicate, completed at op 1): unknown f"),
        e.getMessage());
  }

  @Test
  void budgetsGiveUnknownWithACause() {
    History hard = HistoryGenerator.generate(HistoryGenerator.Spec.of("kv", 12, 3000)
        .applyRate(0.05).crashRate(0.02).values(2), 42);
    Models.byName("kv");
    var m = Models.byName("kv");
    CheckResult byMemory = new LinearizabilityChecker(m, m.initialState(null), Budget.defaults().withMemoryBytes(4096))
        .check(hard);
    assertEquals(Verdict.UNKNOWN, byMemory.verdict());
    assertTrue(byMemory.cause().startsWith("memory budget of"), byMemory.cause());
    CheckResult byTime = new LinearizabilityChecker(m, m.initialState(null),
        Budget.defaults().withTimeLimit(Duration.ofNanos(1))).check(hard);
    assertEquals(Verdict.UNKNOWN, byTime.verdict(), "a 1 ns limit cannot be met");
    assertTrue(byTime.cause().startsWith("time limit of"), byTime.cause());
    assertEquals("unknown", byTime.toJson().get("valid").textValue());
  }

  @Test
  void concurrentAppendsToOneKeyArePrunedByLaterGets() {
    // 10 writers appending to one key: without pruning states that no later get can read, the
    // search explores factorially many append orders (this history exhausted 3 GiB before)
    History h = HistoryGenerator.generate(HistoryGenerator.Spec.of("kv", 10, 1000).values(50), 3);
    var m = Models.byName("kv");
    CheckResult r = new LinearizabilityChecker(m, m.initialState(null), Budget.defaults().withMemoryBytes(256L << 20)).check(h);
    assertEquals(Verdict.VALID, r.verdict(), String.valueOf(r.cause()));
    History lost = HistoryGenerator.generate(HistoryGenerator.Spec.of("kv", 10, 300).values(50)
        .anomaly(io.gauntlet.checker.gen.Anomaly.LOST_WRITE, 0.02), 3);
    assertEquals(Verdict.INVALID, new LinearizabilityChecker(m, m.initialState(null), Budget.defaults().withMemoryBytes(256L << 20))
        .check(lost).verdict());
  }
}
