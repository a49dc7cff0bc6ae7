package io.gauntlet.system.kvraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Equal states digest equally whatever their history; a command applied twice shows. */
class KvStateDigestTest {
  private static void apply(KvStateMachine sm, KvOp op, String key, String value) {
    sm.apply(new KvCommand(op, key, value, -1).encode());
  }

  @Test
  void theDigestDependsOnTheStateNotOnItsHistory() {
    KvStateMachine a = new KvStateMachine();
    KvStateMachine b = new KvStateMachine();
    for (int i = 0; i < 200; i++) {
      apply(a, KvOp.PUT, "k" + i, "v" + i);
    }
    for (int i = 199; i >= 0; i--) {
      apply(b, KvOp.PUT, "k" + i, "v" + i);
    }
    assertEquals(a.digest(), b.digest());
    KvStateMachine c = new KvStateMachine();
    c.restore(a.snapshot());
    assertEquals(a.digest(), c.digest(), "a replica restored from a snapshot");
    apply(a, KvOp.APPEND, "k1", "x");
    apply(b, KvOp.APPEND, "k1", "x");
    assertEquals(a.digest(), b.digest());
    apply(b, KvOp.APPEND, "k1", "x");
    assertNotEquals(a.digest(), b.digest(), "an append applied twice");
  }
}
