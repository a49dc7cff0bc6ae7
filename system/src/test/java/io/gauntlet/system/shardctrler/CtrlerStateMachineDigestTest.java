package io.gauntlet.system.shardctrler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test bed compares controller replicas by digest: equal for the same log, snapshots included. */
class CtrlerStateMachineDigestTest {
  private static CtrlerStateMachine afterJoins() {
    CtrlerStateMachine m = new CtrlerStateMachine(10);
    m.apply(CtrlerCommand.join(Map.of(100, List.of("n4", "n5", "n6"))).encode());
    m.apply(CtrlerCommand.join(Map.of(101, List.of("n7", "n8", "n9"))).encode());
    return m;
  }

  @Test
  void digestFollowsTheConfigurations() {
    CtrlerStateMachine a = afterJoins();
    CtrlerStateMachine b = afterJoins();
    assertEquals(a.digest(), b.digest());
    assertEquals("3:", a.digest().substring(0, 2));
    CtrlerStateMachine restored = new CtrlerStateMachine(10);
    restored.restore(a.snapshot());
    assertEquals(a.digest(), restored.digest());
    b.apply(CtrlerCommand.move(0, 101).encode());
    assertNotEquals(a.digest(), b.digest());
  }
}
