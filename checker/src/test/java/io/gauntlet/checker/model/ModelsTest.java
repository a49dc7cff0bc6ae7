package io.gauntlet.checker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import org.junit.jupiter.api.Test;

class ModelsTest {
  static Object step(Model m, Object state, History h) {
    Call c = h.calls().get(0);
    Model.Transition t = m.transition(c);
    return t == null ? "dropped" : t.apply(state);
  }

  @Test
  void modelsAreFoundByNameAndUnknownNamesListTheKnownOnes() {
    assertEquals(Models.names(), java.util.List.of("register", "cas-register", "kv", "versioned-kv", "mutex"));
    for (String n : Models.names()) {
      assertEquals(n, Models.byName(n).name());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.byName("queue"));
    assertTrue(e.getMessage().contains("known: register, cas-register"), e.getMessage());
  }

  @Test
  void theModelIsGuessedFromTheFunctionsUsed() {
    assertEquals("cas-register", Models.infer(new HistoryRecorder().invoke(1, "cas", null, "[1,2]").build()));
    assertEquals("register", Models.infer(new HistoryRecorder().invoke(1, "write", null, "1").build()));
    assertEquals("kv", Models.infer(new HistoryRecorder().invoke(1, "append", "k", "\"x\"").build()));
    assertEquals("versioned-kv", Models.infer(new HistoryRecorder()
        .invoke(1, "put", "k", "{\"value\":\"x\",\"version\":0}").build()));
    assertEquals("mutex", Models.infer(new HistoryRecorder().invoke(1, "acquire", null, "null").build()));
    assertNull(Models.infer(new HistoryRecorder().invoke(1, "enqueue", null, "1").build()));
  }

  @Test
  void initialValuesAreCheckedAgainstTheModel() {
    assertEquals("\"\"", Models.byName("kv").stateJson(Models.byName("kv").initialState(null)).toString());
    assertEquals("\"abc\"", Models.byName("kv").stateJson(Models.byName("kv").initialState(HistoryRecorder.json("\"abc\""))).toString());
    assertThrows(IllegalArgumentException.class, () -> Models.byName("kv").initialState(HistoryRecorder.json("3")));
    assertThrows(IllegalArgumentException.class, () -> Models.byName("mutex").initialState(HistoryRecorder.json("1")));
    assertThrows(IllegalArgumentException.class,
        () -> Models.byName("versioned-kv").initialState(HistoryRecorder.json("{\"version\":-1}")));
    assertEquals(new VersionedKvModel.Versioned("a", 2),
        Models.byName("versioned-kv").initialState(HistoryRecorder.json("{\"value\":\"a\",\"version\":2}")));
  }

  @Test
  void numbersCompareByValue() {
    Model reg = Models.byName("register");
    History read = new HistoryRecorder().invoke(1, "read", null, "null").ok(1, "1.0").build();
    Object one = reg.initialState(HistoryRecorder.json("1"));
    assertEquals(one, step(reg, one, read), "a read of 1.0 matches the value 1");
  }

  @Test
  void infoCallsTakeEffectOnlyIfTheyCouldHaveSucceeded() {
    Model cas = Models.byName("cas-register");
    History infoCas = new HistoryRecorder().invoke(1, "cas", null, "[1,2]").info(1, "timeout").build();
    assertNull(step(cas, cas.initialState(HistoryRecorder.json("5")), infoCas), "compare fails: refused");
    assertEquals("2", step(cas, cas.initialState(HistoryRecorder.json("1")), infoCas).toString());
    History infoRead = new HistoryRecorder().invoke(1, "read", null, "null").info(1, "timeout").build();
    assertEquals("dropped", step(cas, cas.initialState(null), infoRead), "an info read constrains nothing");
    Model mutex = Models.byName("mutex");
    History release = new HistoryRecorder().invoke(1, "release", null, "null").ok(1, "null").build();
    assertNull(step(mutex, false, release), "releasing a free lock is refused");
  }

  @Test
  void malformedValuesNameTheOp() {
    History h = new HistoryRecorder().invoke(1, "cas", null, "5").ok(1, "5").build();
    ModelException e = assertThrows(ModelException.class, () -> Models.byName("cas-register").transition(h.calls().get(0)));
    assertEquals("op 0 (process 1, f cas, completed at op 1): cas value must be [old, new], got 5 for model"
        + " cas-register", e.getMessage());
    History v = new HistoryRecorder().invoke(1, "put", "k", "\"x\"").ok(1, "\"x\"").build();
    assertThrows(ModelException.class, () -> Models.byName("versioned-kv").transition(v.calls().get(0)));
  }
}
