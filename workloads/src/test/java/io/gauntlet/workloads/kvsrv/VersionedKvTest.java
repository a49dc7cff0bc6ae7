package io.gauntlet.workloads.kvsrv;

import io.gauntlet.system.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The labs' lab 2 kvsrv tests (2025 src/kvsrv1/kvsrv_test.go) in virtual time. */
class VersionedKvTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void reliablePut() {
    Seeds.run(seed -> {
      KvsrvTestbed tb = new KvsrvTestbed("TestReliablePut", seed, true);
      RecordedClerk ck = tb.makeRecordedClerk();
      assertEquals(Err.OK, tb.await(ck.put("k", "6.5840", 0), "Put"), "Put error");
      KvResult r = tb.await(ck.get("k"), "Get");
      assertEquals(Err.OK, r.err(), "Get error");
      assertEquals("6.5840", r.value(), "Get wrong value");
      assertEquals(1, r.version(), "Get wrong version");
      assertEquals(Err.ERR_VERSION, tb.await(ck.put("k", "6.5840", 0), "Put"), "expected Put to fail with ErrVersion");
      assertEquals(Err.ERR_NO_KEY, tb.await(ck.put("y", "6.5840", 1), "Put"), "expected Put to fail with ErrNoKey");
      assertEquals(Err.ERR_NO_KEY, tb.await(ck.get("y"), "Get").err(), "expected Get to fail with ErrNoKey");
      tb.checkKv(Duration.ofSeconds(1));
    });
  }

  /** Many clients racing to put values to the same key (TestPutConcurrentReliable). */
  @Test
  void putConcurrentReliable() {
    putConcurrent("TestPutConcurrentReliable", true, SECOND, (counts, version) -> {
      assertEquals(counts.ok, version, "Reliable: wrong number of puts: server version " + version + ", clients " + counts);
      assertEquals(0, counts.maybe, "a reliable network never needs a retry, so never ErrMaybe: " + counts);
      assertTrue(counts.ok > 100, "too few puts in 1 s of virtual time: " + counts);
    });
  }

  /**
   * The same race on the unreliable network for 10 s (not a lab test): OK puts all took effect, and
   * ErrMaybe ones may have, so they bound the server's version from both sides.
   */
  @Test
  void putConcurrentUnreliable() {
    putConcurrent("TestPutConcurrentUnreliable", false, 10 * SECOND, (counts, version) -> {
      UNRELIABLE_VERSION.accept(counts, version);
      assertTrue(counts.maybe > 0, "no Put returned ErrMaybe in 10 s on the unreliable network: " + counts);
    });
  }

  /** OK puts all took effect and ErrMaybe ones may have. */
  static final BiConsumer<PutCounts, Long> UNRELIABLE_VERSION = (counts, version) ->
      assertTrue(version >= counts.ok && version <= counts.ok + counts.maybe,
          "Unreliable: wrong number of puts: server version " + version + ", clients " + counts);

  /** 10 clients run {@link #oneClientPuts}; then the final version is checked, then the history. */
  static void putConcurrent(String test, boolean reliable, long nanos, BiConsumer<PutCounts, Long> checkVersion) {
    Seeds.run(seed -> putRun(test, seed, reliable, nanos, checkVersion));
  }

  static void putRun(String test, long seed, boolean reliable, long nanos, BiConsumer<PutCounts, Long> checkVersion) {
    KvsrvTestbed tb = new KvsrvTestbed(test, seed, reliable);
    PutCounts counts = oneClientPuts(tb, 10, nanos);
    checkVersion.accept(counts, tb.await(tb.makeRecordedClerk().get("k"), "Get").version());
    CheckResult r = tb.checkKv(Duration.ofSeconds(10));
    System.out.printf("%s seed %d: %d puts OK, %d ErrMaybe; %d calls checked: %s in %d ms%n",
        test, seed, counts.ok, counts.maybe, r.ops(), r.verdict().word(), r.millis());
  }


  /** Put counts summed over clients, as the labs' ClntRes. */
  record PutCounts(long ok, long maybe) {}

  /**
   * The labs' OneClientPut: each client puts {@code {me, ver}} at the version it last saw, then
   * reads the key; an OK put must have moved the version past the one it put at.
   */
  static PutCounts oneClientPuts(KvsrvTestbed tb, int clients, long nanos) {
    long[] ok = new long[clients];
    long[] maybe = new long[clients];
    ClientLoop.run(tb, clients, nanos, me -> {
      RecordedClerk ck = tb.makeRecordedClerk();
      long[] ver = {0};
      return () -> ck.put("k", "{\"id\":" + me + ",\"v\":" + ver[0] + "}", ver[0]).thenCompose(err -> {
        switch (err) {
          case OK -> ok[me]++;
          case ERR_MAYBE -> maybe[me]++;
          case ERR_VERSION -> { }
          default -> fail(me + ": Put returned " + err + " (expected OK, ErrVersion or ErrMaybe)");
        }
        return ck.get("k").thenAccept(r -> {
          if (err == Err.OK && r.version() <= ver[0]) {
            fail(me + ": wrong version " + r.version() + " after an OK Put at version " + ver[0]);
          }
          ver[0] = r.version();
        });
      });
    });
    return new PutCounts(Arrays.stream(ok).sum(), Arrays.stream(maybe).sum());
  }

  /** TestUnreliableNet: a retried Put must not be applied twice, and ErrMaybe must show up. */
  @Test
  void unreliableNet() {
    Seeds.run(seed -> {
      KvsrvTestbed tb = new KvsrvTestbed("TestUnreliableNet", seed, false);
      RecordedClerk ck = tb.makeRecordedClerk();
      boolean retried = false;
      for (int t = 0; t < 100; t++) {
        for (int i = 0; ; i++) {
          Err err = tb.await(ck.put("k", Integer.toString(i), t), "Put");
          if (err != Err.ERR_MAYBE) {
            if (i > 0 && err != Err.ERR_VERSION) {
              fail("try " + t + ": Put shouldn't have happened more than once: attempt " + i + " got " + err);
            }
            assertTrue(i > 0 || err == Err.OK, "try " + t + ": first Put got " + err);
            break;
          }
          retried = true; // put again; it should fail with ErrVersion
          assertTrue(i < 100, "try " + t + ": 100 Puts in a row returned ErrMaybe");
        }
        KvResult r = tb.await(ck.get("k"), "Get");
        assertEquals(t + 1, r.version(), "wrong version after try " + t);
        assertEquals("0", r.value(), "wrong value after try " + t);
      }
      assertTrue(retried, "Clerk.Put never returned ErrMaybe");
      CheckResult r = tb.checkKv(Duration.ofSeconds(1));
      System.out.printf("TestUnreliableNet seed %d: %d calls checked: %s%n", seed, r.ops(), r.verdict().word());
    });
  }
}
