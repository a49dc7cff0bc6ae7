package io.gauntlet.workloads.kvsrv;

import io.gauntlet.system.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvsrv.KvLock;
import io.gauntlet.system.kvsrv.VersionedKvClerk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The labs' lock tests (2025 src/kvsrv1/lock/lock_test.go) in virtual time: clients loop for 2 s
 * taking the lock "l", and inside it check and write the shared key "l0" as the labs do ("l0" must
 * be "" on entry, else two clients hold the lock). Both histories are checked as well: "l0" with the
 * versioned-kv model and the acquires and releases with the mutex model.
 */
class KvLockTest {
  static final long NSEC = 2_000_000_000L;
  static final long CRITICAL_SECTION_NANOS = 10_000_000L;

  /** 2026 TestReliableBasic: one Acquire and Release of a randomly named lock. */
  @Test
  void reliableBasic() {
    Seeds.run(seed -> {
      KvsrvTestbed tb = new KvsrvTestbed("TestReliableBasic", seed, true);
      VersionedKvClerk ck = tb.makeClerk();
      KvLock lk = new KvLock(ck, randomName(tb));
      step(tb, ck, lk, true);
      step(tb, ck, lk, false);
    });
  }

  /** 2026 TestReliableNested: locks with different names, on one clerk, can be held at once. */
  @Test
  void reliableNested() {
    Seeds.run(seed -> {
      KvsrvTestbed tb = new KvsrvTestbed("TestReliableNested", seed, true);
      VersionedKvClerk ck = tb.makeClerk();
      KvLock lk1 = new KvLock(ck, randomName(tb));
      KvLock lk2 = new KvLock(ck, randomName(tb));
      step(tb, ck, lk1, true);
      step(tb, ck, lk2, true);
      step(tb, ck, lk2, false);
      step(tb, ck, lk1, false);
      step(tb, ck, lk2, true);
      step(tb, ck, lk1, true);
      step(tb, ck, lk1, false);
      step(tb, ck, lk1, true);
      step(tb, ck, lk2, false);
      step(tb, ck, lk1, false);
    });
  }

  /** Acquires or releases {@code lk}, then checks what its key holds. */
  static void step(KvsrvTestbed tb, VersionedKvClerk ck, KvLock lk, boolean acquire) {
    String what = (acquire ? "Acquire " : "Release ") + lk.key();
    tb.await(acquire ? lk.acquire() : lk.release(), what);
    assertEquals(acquire ? lk.id() : "", tb.await(ck.get(lk.key()), "Get").value(), "lock key after " + what);
  }

  static String randomName(KvsrvTestbed tb) {
    return Long.toString(tb.sim().random().nextLong() & Long.MAX_VALUE, 36);
  }

  @Test
  void oneClientReliable() {
    runClients("TestOneClientReliable", 1, true);
  }

  @Test
  void manyClientsReliable() {
    runClients("TestManyClientsReliable", 10, true);
  }

  @Test
  void oneClientUnreliable() {
    runClients("TestOneClientUnreliable", 1, false);
  }

  @Test
  void manyClientsUnreliable() {
    runClients("TestManyClientsUnreliable", 10, false, NSEC);
  }

  /**
   * Not a lab test: the labs' unreliable scenario runs only a dozen critical sections in 2 s, too few
   * to be sure the lock's ERR_MAYBE paths ran, so this one runs 60 s of virtual time and requires
   * that some lock Put came back ERR_MAYBE and was resolved.
   */
  @Test
  void manyClientsUnreliableLong() {
    long maybes = runClients("TestManyClientsUnreliableLong", 10, false, 30 * NSEC);
    assertTrue(maybes > 0, "no lock Put ever returned ErrMaybe in 60 s on the unreliable network");
  }

  static void runClients(String test, int nclnt, boolean reliable) {
    runClients(test, nclnt, reliable, NSEC);
  }

  /** Runs the clients, checks both histories; returns how many lock Puts ended in ERR_MAYBE. */
  static long runClients(String test, int nclnt, boolean reliable, long nanos) {
    long[] maybes = {0};
    Seeds.run(seed -> maybes[0] = lockRun(test, seed, nclnt, reliable, nanos));
    return maybes[0];
  }

  /** One seeded run of {@link #oneClient} loops; returns how many lock Puts ended in ERR_MAYBE. */
  static long lockRun(String test, long seed, int nclnt, boolean reliable, long nanos) {
    KvsrvTestbed tb = new KvsrvTestbed(test, seed, reliable);
    List<RecordedLock> locks = new ArrayList<>();
    int[] rounds = ClientLoop.run(tb, nclnt, nanos, me -> oneClient(tb, me, locks));
    int total = Arrays.stream(rounds).sum();
    assertTrue(total > 0, "no client ever got the lock: " + Arrays.toString(rounds));
    CheckResult kv = tb.checkKv(Duration.ofSeconds(10));
    CheckResult lock = tb.checkLock(Duration.ofSeconds(10));
    long maybes = locks.stream().mapToLong(l -> l.lock().maybes()).sum();
    System.out.printf("%s seed %d: %d critical sections %s, %d lock ErrMaybe; l0 %d calls %s, lock %d calls %s%n",
        test, seed, total, Arrays.toString(rounds), maybes, kv.ops(), kv.verdict().word(), lock.ops(),
        lock.verdict().word());
    return maybes;
  }

  /** The labs' oneClient: one iteration is acquire, check and write "l0", sleep, clear "l0", release. */
  static Supplier<CompletableFuture<?>> oneClient(KvsrvTestbed tb, int me, List<RecordedLock> locks) {
    RecordedClerk ck = tb.makeRecordedClerk();
    RecordedLock lk = tb.makeRecordedLock(ck, "l");
    locks.add(lk);
    String b = Integer.toString(me);
    CompletableFuture<Err> init = ck.put("l0", "", 0); // as the labs: one of them creates it
    return () -> init.thenCompose(x -> lk.acquire())
        .thenCompose(x -> ck.get("l0"))
        .thenCompose(r -> {
          if (r.err() != Err.OK) {
            fail(me + ": get failed " + r.err());
          }
          if (!r.value().isEmpty()) {
            fail(me + ": two clients acquired lock " + r.value());
          }
          return ck.put("l0", b, r.version()).thenApply(err -> {
            expectOkOrMaybe(me, err);
            return r.version();
          });
        })
        .thenCompose(ver -> KvsrvTestbed.sleep(ck.clerk(), CRITICAL_SECTION_NANOS)
            .thenCompose(x -> ck.put("l0", "", ver + 1)))
        .thenCompose(err -> {
          expectOkOrMaybe(me, err);
          return lk.release();
        });
  }

  static void expectOkOrMaybe(int me, Err err) {
    if (err != Err.OK && err != Err.ERR_MAYBE) {
      fail(me + ": put failed " + err);
    }
  }
}
