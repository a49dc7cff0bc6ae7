package io.gauntlet.control.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.control.cluster.EtcdMember;
import io.gauntlet.control.cluster.FreePorts;
import io.gauntlet.control.remote.LocalRunner;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The etcd lifecycle the test bed relies on, on loopback: the cluster serves, the leader is found,
 * kill -9 of the leader gives a new one, a restarted member keeps its data and rejoins, SIGSTOP
 * makes its clients' calls unknown rather than wrong, and the client's CAS and append behave.
 */
class EtcdDbTest {
  @Test
  void killPauseRestartAndTheClientsOperations(@TempDir Path work) throws Exception {
    String etcd = EtcdMember.findOnPath();
    if ("true".equals(System.getenv("CI")) && etcd == null) {
      throw new AssertionError("CI must test etcd, but there is no etcd on the PATH");
    }
    Assumptions.assumeTrue(etcd != null, "needs etcd on the PATH");
    int base = FreePorts.consecutive(6);
    Map<String, EtcdDb.Endpoint> endpoints = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      endpoints.put("n" + (i + 1), new EtcdDb.Endpoint("127.0.0.1", base + i, base + 3 + i));
    }
    try (EtcdDb db = new EtcdDb(new LocalRunner(work, (id, cmd) -> cmd), work, etcd, endpoints, false)) {
      db.startAll();
      Optional<String> leader = db.leader();
      assertTrue(leader.isPresent(), "no leader reported by a healthy cluster");
      try (EtcdKv kv = db.finalClient()) {
        assertEquals(Err.ERR_NO_KEY, kv.get("x").err());
        assertEquals(Err.OK, kv.append("x", "a;").err());
        assertEquals(Err.OK, kv.append("x", "b;").err());
        KvResult x = kv.get("x");
        assertEquals("a;b;", x.value());
        assertEquals(Err.ERR_VERSION, kv.put("x", "stale", x.version() - 1).err(), "a CAS on an old version must not apply");
        assertEquals(Err.OK, kv.put("x", "c;", x.version()).err());
        assertEquals(Err.ERR_VERSION, kv.put("new", "v", 5).err(), "a CAS on an absent key at version 5 must not apply");
        assertEquals(Err.OK, kv.put("new", "v", 0).err(), "version 0 is 'absent'");
      }
      String old = leader.get();
      db.kill(old);
      assertTrue(!db.isRunning(old));
      String next = null;
      for (int i = 0; i < 100 && next == null; i++) {
        next = db.leader().filter(l -> !l.equals(old)).orElse(null);
        Thread.sleep(100);
      }
      assertNotEquals(null, next, "no new leader within 10 s of killing " + old);
      db.start(old);
      try (EtcdKv home = (EtcdKv) db.client(old, true)) {
        KvResult x = null;
        for (int i = 0; i < 50 && (x == null || x.err() != Err.OK); i++) {
          x = home.get("x");
        }
        assertEquals("c;", x.value(), "the restarted member lost its data");
      }
      db.pause(next);
      try (EtcdKv paused = new EtcdKv(io.etcd.jetcd.Client.builder().endpoints(endpoints.get(next).clientUrl()).build(), false,
          java.time.Duration.ofMillis(500))) {
        assertEquals(Err.ERR_MAYBE, paused.put("y", "1").err(), "a call to a paused member must come back unknown");
      }
      db.resume(next);
      assertTrue(Files.readString(db.log(old)).contains("etcd-version"), "the member's log is not etcd's");
    }
  }
}
