package io.gauntlet.checker.knossos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.ModelException;
import io.gauntlet.checker.model.Models;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversion of our histories and models to what Knossos reads. */
class KnossosHistoryTest {
  static KnossosHistory convert(History h, String modelName, Object init) {
    Model m = Models.byName(modelName);
    return KnossosHistory.of(h.calls(), KnossosModel.of(m, init == null ? m.initialState(null) : init), modelName);
  }

  @Test
  void registerOpsBecomeKnossosOpsWithNullAsAKeywordAndDenseIndices() {
    History h = new HistoryRecorder()
        .invoke(3, "read", null, (String) null)   // 0
        .invoke(4, "write", null, "1.0")          // 1
        .ok(3, "null")                            // 2: read of "never written"
        .invoke(5, "nemesis-free-call", null, "0").fail(5, "x") // not a register f: refused below
        .build();
    assertThrows(ModelException.class, () -> convert(h, "register", null));

    History ok = new HistoryRecorder()
        .invoke(3, "read", null, (String) null)
        .invoke(4, "write", null, "1.0")
        .ok(3, "null")
        .info(4, "timeout")
        .invoke(6, "write", null, "null").fail(6, "ErrWrongLeader")
        .build();
    String edn = convert(ok, "register", null).edn();
    List<String> lines = edn.lines().toList();
    assertEquals("[", lines.get(0));
    assertEquals("{:index 0, :type :invoke, :process 3, :f :read, :time 1, :gauntlet/call 0}", lines.get(1));
    assertEquals("{:index 1, :type :invoke, :process 4, :f :write, :value 1, :time 2, :gauntlet/call 1}",
        lines.get(2), "1.0 is sent as 1: Clojure's = tells 1 from 1.0, our models do not");
    assertEquals("{:index 2, :type :ok, :process 3, :f :read, :value :gauntlet/nil, :time 3, :gauntlet/call 0}",
        lines.get(3), "a read of null is not Knossos's nil (which matches anything)");
    assertEquals("{:index 3, :type :info, :process 4, :f :write, :value 1, :time 4, :gauntlet/call 1}", lines.get(4));
    assertEquals("{:index 4, :type :invoke, :process 6, :f :write, :value :gauntlet/nil, :time 5, :gauntlet/call 2}",
        lines.get(5));
    assertEquals("{:index 5, :type :fail, :process 6, :f :write, :value :gauntlet/nil, :time 6, :gauntlet/call 2}",
        lines.get(6));
    assertEquals("]", lines.get(7));
    assertEquals(":gauntlet/nil", KnossosModel.of(Models.byName("register"),
        Models.byName("register").initialState(null)).initEdn());
  }

  @Test
  void casValuesAndKvGetPutMapOntoKnossosRegisters() {
    History cas = new HistoryRecorder().invoke(0, "cas", null, "[null, 2]").ok(0, "[null, 2]").build();
    assertTrue(convert(cas, "cas-register", null).edn().contains(":f :cas, :value [:gauntlet/nil 2]"),
        convert(cas, "cas-register", null).edn());
    History kv = new HistoryRecorder()
        .invoke(0, "put", "k", "\"a\"").ok(0, "\"a\"")
        .invoke(1, "get", "k", (String) null).ok(1, "null")
        .build();
    String edn = convert(kv, "kv", null).edn();
    assertTrue(edn.contains(":f :write, :value \"a\""), edn);
    assertTrue(edn.contains(":type :ok, :process 1, :f :read, :value \"\""), "a get of null reads \"\": " + edn);
    assertTrue(!edn.contains(":key") && !edn.contains("\"k\""), "keys are split before Knossos: " + edn);
    assertEquals("\"\"", KnossosModel.of(Models.byName("kv"), "").initEdn());
    assertEquals("\"x\"", KnossosModel.of(Models.byName("kv"), "x").initEdn());
  }

  @Test
  void modelsKnossosLacksAreRefusedWithAWayOut() {
    History append = new HistoryRecorder().invoke(0, "append", "k", "\"a\"").ok(0, "\"a\"").build();
    ModelException e = assertThrows(ModelException.class, () -> convert(append, "kv", null));
    assertTrue(e.getMessage().contains("no append model; use --checker wgl"), e.getMessage());
    IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
        () -> KnossosModel.of(Models.byName("versioned-kv"), null));
    assertTrue(v.getMessage().contains("Knossos has no model for versioned-kv"), v.getMessage());
    assertEquals("true", KnossosModel.of(Models.byName("mutex"), Boolean.TRUE).initEdn());
  }
}
