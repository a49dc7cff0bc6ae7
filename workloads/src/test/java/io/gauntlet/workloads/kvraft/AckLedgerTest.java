package io.gauntlet.workloads.kvraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvOp;
import org.junit.jupiter.api.Test;

class AckLedgerTest {
  @Test
  void anAcknowledgedWriteNoServerAppliedIsNamed() {
    AckLedger l = new AckLedger();
    l.applied(7, 1);
    l.finished(7, 1, KvOp.APPEND, Err.OK);
    assertNull(l.unapplied(), "applied, then acknowledged: fine");
    l.finished(7, 2, KvOp.PUT, Err.OK);
    String lost = l.unapplied();
    assertNotNull(lost);
    assertTrue(lost.contains("PUT of client 7 (seq 2)"), lost);
    assertEquals(2, l.acknowledged());
  }

  @Test
  void readsAndCallsThatDidNotSucceedAreNotWritesToAccountFor() {
    AckLedger l = new AckLedger();
    l.finished(3, 1, KvOp.GET, Err.OK);
    l.finished(3, 2, KvOp.APPEND, Err.ERR_MAYBE);
    l.finished(3, 3, KvOp.PUT, Err.ERR_WRONG_LEADER);
    assertNull(l.unapplied());
    assertEquals(0, l.acknowledged());
  }
}
