package io.gauntlet.checker.knossos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import io.gauntlet.checker.linear.Backends;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityBackend;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Knossos back-end against a stand-in Knossos jar (see FakeKnossos and its .clj files). */
class KnossosBackendTest {
  @TempDir static Path dir;
  static Path jar;
  static LinearizabilityBackend knossos;

  @BeforeAll
  static void loadFake() throws Exception {
    jar = FakeKnossos.jar(dir);
    knossos = Backends.byName("knossos", jar);
  }

  static CheckResult check(History h, String model, Budget budget) throws Exception {
    Model m = Models.byName(model);
    return knossos.check(h, m, m.initialState(null), budget);
  }

  /** The arguments the stand-in analysis got last. */
  @SuppressWarnings("unchecked")
  static Map<Object, Object> lastCall() {
    Object atom = ((clojure.lang.IDeref) Clojure.var("knossos.competition", "calls")).deref();
    List<Object> calls = (List<Object>) ((clojure.lang.IDeref) atom).deref();
    return (Map<Object, Object>) calls.get(calls.size() - 1);
  }

  static Object kw(String name) {
    return Clojure.read(":" + name);
  }

  @Test
  void aValidHistoryIsValidAndKnossosGotTheModelAndHistory() throws Exception {
    History h = new HistoryRecorder()
        .invoke(0, "read", null, (String) null).ok(0, "null")
        .invoke(1, "write", null, "2").ok(1, "2")
        .invoke(0, "read", null, (String) null).ok(0, "2")
        .build();
    CheckResult r = check(h, "register", Budget.defaults());
    assertEquals(Verdict.VALID, r.verdict(), r.toString());
    assertTrue(r.checker().startsWith("knossos"), r.checker());
    assertEquals(3, r.ops());
    Map<Object, Object> call = lastCall();
    assertEquals("knossos.model.Register", call.get(kw("model")).getClass().getName());
    assertEquals(":gauntlet/nil", call.get(kw("model")).toString(), "initial state: never written");
    assertEquals(6, ((List<?>) call.get(kw("history"))).size());
    assertEquals(Map.of(), call.get(kw("opts")), "no time limit: none passed");
  }

  @Test
  void aReadOfNullAfterAWriteIsInvalidDespiteKnossosNilMatchingAnything() throws Exception {
    History h = new HistoryRecorder()
        .invoke(1, "write", null, "2").ok(1, "2")
        .invoke(0, "read", null, (String) null).ok(0, "null")
        .build();
    CheckResult r = check(h, "register", Budget.defaults());
    assertEquals(Verdict.INVALID, r.verdict(), r.toString());
    assertNotNull(r.violation());
    assertEquals(2, r.violation().culprit().invokeIndex(), "the culprit maps back to our read");
    assertEquals(0, r.violation().prefix().get(0).invokeIndex(), "the write is the prefix");
    assertEquals("[2]", r.violation().prefixStates().toString());
  }

  @Test
  void keysAreCheckedApartAndTheInvalidOneIsNamed() throws Exception {
    History h = new HistoryRecorder()
        .invoke(0, "put", "a", "\"x\"").ok(0, "\"x\"")
        .invoke(1, "put", "b", "\"y\"").ok(1, "\"y\"")
        .invoke(2, "get", "a", (String) null).ok(2, "\"x\"")
        .invoke(3, "get", "b", (String) null).ok(3, "\"x\"")
        .build();
    CheckResult r = check(h, "kv", Budget.defaults());
    assertEquals(Verdict.INVALID, r.verdict(), r.toString());
    assertEquals("b", r.violation().key());
    assertEquals(List.of(Verdict.VALID, Verdict.INVALID), r.keys().stream().map(CheckResult.KeyResult::verdict).toList());
    assertEquals(6, r.violation().culprit().invokeIndex());
  }

  @Test
  void mutexDoubleAcquireIsInvalid() throws Exception {
    History h = new HistoryRecorder()
        .invoke(0, "acquire", null, (String) null).ok(0, (String) null)
        .invoke(1, "acquire", null, (String) null).ok(1, (String) null)
        .build();
    CheckResult r = check(h, "mutex", Budget.defaults());
    assertEquals(Verdict.INVALID, r.verdict());
    assertEquals(1, r.violation().culprit().process());
  }

  @Test
  void knossosRunningOutOfTimeIsUnknownWithTheCause() throws Exception {
    History h = new HistoryRecorder().invoke(0, "write", null, "1").ok(0, "1").build();
    CheckResult r = check(h, "register", Budget.defaults().withTimeLimit(Duration.ofSeconds(30)));
    assertEquals(Verdict.UNKNOWN, r.verdict());
    assertEquals("time limit of 30 s reached (knossos)", r.cause());
    Object limit = ((Map<?, ?>) lastCall().get(kw("opts"))).get(kw("time-limit"));
    long ms = ((Number) limit).longValue();
    assertTrue(ms <= 30_000 && ms > 20_000, "the time left of the budget is passed on: " + limit);
  }

  @Test
  void noTimeLeftIsUnknownWithoutAskingKnossos() throws Exception {
    History h = new HistoryRecorder().invoke(0, "write", "a", "1").ok(0, "1").build();
    int before = calls();
    CheckResult r = check(h, "register", Budget.defaults().withTimeLimit(Duration.ZERO));
    assertEquals(Verdict.UNKNOWN, r.verdict());
    assertEquals("time limit of 0 s reached (key a)", r.cause());
    assertEquals(before, calls());
  }

  /**
   * The stand-in jar has the real knossos.competition layout: competition requires knossos.search,
   * knossos.linear and knossos.wgl, which require nested namespaces (knossos.search.proto,
   * knossos.linear.config, knossos.model.memo), a hyphenated one in an underscored file
   * (knossos.wgl.dll-history) and a library outside knossos (interval-metrics.core), all from the jar.
   */
  @Test
  void loadsTheRealNamespaceLayoutFromTheJar() throws Exception {
    History h = new HistoryRecorder().invoke(0, "write", null, "1").ok(0, "1").build();
    assertEquals(Verdict.VALID, check(h, "register", Budget.defaults()).verdict());
    IFn findNs = Clojure.var("clojure.core", "find-ns");
    for (String ns : List.of("knossos.competition", "knossos.search", "knossos.search.proto", "knossos.linear",
        "knossos.linear.config", "knossos.wgl", "knossos.wgl.dll-history", "knossos.model.memo",
        "knossos.history", "knossos.op", "interval-metrics.core")) {
      assertNotNull(findNs.invoke(Clojure.read(ns)), ns + " loaded from the jar");
    }
  }

  /** Loading Knossos is charged to the time limit: a check never waits past it for the load. */
  @Test
  void loadingKnossosIsChargedToTheTimeLimit() throws Exception {
    LinearizabilityBackend fresh = Backends.byName("knossos", jar); // not loaded yet
    History h = new HistoryRecorder().invoke(0, "write", null, "1").ok(0, "1").build();
    Model m = Models.byName("register");
    CheckResult r = fresh.check(h, m, m.initialState(null), Budget.defaults().withTimeLimit(Duration.ZERO));
    assertEquals(Verdict.UNKNOWN, r.verdict());
    assertTrue(r.cause().startsWith("time limit of 0 s reached while loading Knossos"), r.cause());
    CheckResult later = fresh.check(h, m, m.initialState(null), Budget.defaults());
    assertEquals(Verdict.VALID, later.verdict(), "the load went on and finished");
    assertTrue(later.checker().matches("knossos( \\(loaded in \\d+ ms, within the time limit\\))?"), later.checker());
  }

  static int calls() {
    Object atom = ((clojure.lang.IDeref) Clojure.var("knossos.competition", "calls")).deref();
    return ((List<?>) ((clojure.lang.IDeref) atom).deref()).size();
  }

  @Test
  void aMissingOrWrongJarIsAClearError() throws Exception {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Backends.byName("knossos", dir.resolve("nope.jar")));
    assertTrue(missing.getMessage().contains("no such file") && missing.getMessage().contains("Clojars"),
        missing.getMessage());
    Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
    IllegalArgumentException notJar = assertThrows(IllegalArgumentException.class,
        () -> Backends.byName("knossos", text));
    assertTrue(notJar.getMessage().contains("not a jar file"), notJar.getMessage());
    Path other = FakeKnossos.jarOf(dir.resolve("other.jar"), List.of("other/core.clj"));
    IllegalArgumentException notKnossos = assertThrows(IllegalArgumentException.class,
        () -> Backends.byName("knossos", other));
    assertTrue(notKnossos.getMessage().contains("not a Knossos jar"), notKnossos.getMessage());
  }
}
