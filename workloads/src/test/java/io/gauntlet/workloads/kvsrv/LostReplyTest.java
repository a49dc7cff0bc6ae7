package io.gauntlet.workloads.kvsrv;

import io.gauntlet.system.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.kvsrv.KvLock;
import io.gauntlet.system.kvsrv.PutArgs;
import io.gauntlet.system.kvsrv.VersionedKvClerk;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Scripted faults on one Put, to pin down the clerk's ERR_MAYBE rule and the lock's handling of it
 * without relying on a random network: the link that carries the Put's reply (or the Put itself) is
 * cut as the clerk sends it and restored after the clerk has resent it.
 */
class LostReplyTest {
  static final long CUT_NANOS = 150_000_000L; // longer than the clerk's 100 ms retry

  /** Cuts {@code from -> to} for {@link #CUT_NANOS} when {@code clerk} sends its next Put. */
  static void cutOnNextPut(KvsrvTestbed tb, String clerk, String from, String to) {
    boolean[] armed = {true};
    tb.world().observe((src, dst, m) -> {
      if (armed[0] && src.equals(clerk) && m instanceof PutArgs) {
        armed[0] = false;
        tb.world().setLink(from, to, false);
        tb.sim().schedule(CUT_NANOS, () -> tb.world().setLink(from, to, true));
      }
    });
  }

  @Test
  void putWhoseReplyWasLostIsMaybe() {
    Seeds.run(seed -> {
      KvsrvTestbed tb = new KvsrvTestbed("TestPutReplyLost", seed, true);
      VersionedKvClerk ck = tb.makeClerk();
      cutOnNextPut(tb, "clerk-0", KvsrvTestbed.SERVER, "clerk-0");
      assertEquals(Err.ERR_MAYBE, tb.await(ck.put("k", "a", 0), "Put"),
          "the first Put was applied and its reply lost; the resend got ErrVersion, which must read as ErrMaybe");
      KvResult r = tb.await(ck.get("k"), "Get");
      assertEquals(new KvResult(Err.OK, "a", 1), r, "the Put must have been applied exactly once");
      assertEquals(Err.ERR_VERSION, tb.await(ck.put("k", "b", 0), "Put"), "a Put sent once keeps its ErrVersion");
    });
  }

  @Test
  void putWhoseRequestWasLostIsOk() {
    Seeds.run(seed -> {
      KvsrvTestbed tb = new KvsrvTestbed("TestPutRequestLost", seed, true);
      VersionedKvClerk ck = tb.makeClerk();
      cutOnNextPut(tb, "clerk-0", "clerk-0", KvsrvTestbed.SERVER);
      assertEquals(Err.OK, tb.await(ck.put("k", "a", 0), "Put"), "the resend is the first copy the server sees");
      assertEquals(new KvResult(Err.OK, "a", 1), tb.await(ck.get("k"), "Get"));
    });
  }

  @Test
  void lockAcquireWhosePutReplyWasLostHoldsTheLock() {
    Seeds.run(seed -> {
      KvsrvTestbed tb = new KvsrvTestbed("TestLockAcquireReplyLost", seed, true);
      VersionedKvClerk ck1 = tb.makeClerk();
      VersionedKvClerk ck2 = tb.makeClerk();
      KvLock l1 = new KvLock(ck1, "l");
      KvLock l2 = new KvLock(ck2, "l");
      cutOnNextPut(tb, "clerk-0", KvsrvTestbed.SERVER, "clerk-0");
      tb.await(l1.acquire(), "acquire");
      assertEquals(1, l1.maybes(), "the claim Put should have come back ErrMaybe");
      assertEquals(l1.id(), tb.await(ck2.get("l"), "Get").value(), "the lock key must hold the holder's id");
      CompletableFuture<Void> second = l2.acquire();
      tb.sim().runFor(1_000_000_000L);
      assertFalse(second.isDone(), "a second client acquired the lock while the first holds it");
      tb.await(l1.release(), "release");
      tb.await(second, "second acquire");
      assertEquals(l2.id(), tb.await(ck1.get("l"), "Get").value());
    });
  }

  @Test
  void lockReleaseWhosePutReplyWasLostFrees() {
    Seeds.run(seed -> {
      KvsrvTestbed tb = new KvsrvTestbed("TestLockReleaseReplyLost", seed, true);
      VersionedKvClerk ck1 = tb.makeClerk();
      VersionedKvClerk ck2 = tb.makeClerk();
      KvLock l1 = new KvLock(ck1, "l");
      KvLock l2 = new KvLock(ck2, "l");
      tb.await(l1.acquire(), "acquire");
      cutOnNextPut(tb, "clerk-0", KvsrvTestbed.SERVER, "clerk-0");
      tb.await(l1.release(), "release");
      assertEquals(1, l1.maybes(), "the release Put should have come back ErrMaybe");
      assertEquals("", tb.await(ck2.get("l"), "Get").value(), "the lock must be free");
      tb.await(l2.acquire(), "acquire after release");
    });
  }
}
