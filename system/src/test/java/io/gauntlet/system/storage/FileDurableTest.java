package io.gauntlet.system.storage;

import static io.gauntlet.system.storage.TestStores.open;
import static io.gauntlet.system.storage.TestStores.seqs;
import static io.gauntlet.system.storage.TestStores.syncNow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Durable.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Durable contract on real files: roundtrip, reopen, blobs, sync order, locking. */
class FileDurableTest {
  @TempDir Path tmp;

  @Test
  void appendedRecordsBecomeVisibleOnlyAfterSync() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      byte[] big = new byte[1 << 20];
      big[12345] = 7;
      assertEquals(1, d.append("one".getBytes()));
      assertEquals(2, d.append(new byte[0]));
      assertEquals(3, d.append(big));
      assertEquals(List.of(), d.records(), "staged records must not be reported as durable");
      assertEquals(0, d.logBytes());
      syncNow(d);
      List<Record> rs = d.records();
      assertEquals(List.of(1L, 2L, 3L), seqs(rs));
      assertArrayEquals("one".getBytes(), rs.get(0).data());
      assertArrayEquals(new byte[0], rs.get(1).data());
      assertArrayEquals(big, rs.get(2).data());
      assertEquals(3 * LogFormat.FRAME_HEADER_BYTES + 3 + big.length, d.logBytes());
    }
  }

  @Test
  void reopenSeesSyncedRecordsAndBlobsAndContinuesSequenceNumbers() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      for (int i = 0; i < 10; i++) {
        d.append(("r" + i).getBytes());
      }
      d.put("hardstate", "term=3".getBytes());
      syncNow(d);
    }
    try (FileDurable d = open(tmp, 1 << 20)) {
      List<Record> rs = d.records();
      assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), seqs(rs));
      assertArrayEquals("r9".getBytes(), rs.get(9).data());
      assertArrayEquals("term=3".getBytes(), d.get("hardstate"));
      assertNull(d.get("snapshot"));
      assertEquals(11, d.nextSeq());
      assertEquals(11, d.append("r10".getBytes()));
    }
  }

  @Test
  void closeMakesStagedWritesDurable() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      d.append("a".getBytes());
      d.put("b", "v".getBytes());
    }
    try (FileDurable d = open(tmp, 1 << 20)) {
      assertEquals(List.of(1L), seqs(d.records()));
      assertArrayEquals("v".getBytes(), d.get("b"));
    }
  }

  @Test
  void blobIsReplacedOnlyAtSync() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      d.put("snap", "v1".getBytes());
      syncNow(d);
      d.put("snap", "v2".getBytes());
      assertArrayEquals("v1".getBytes(), d.get("snap"), "a staged put is not durable yet");
      syncNow(d);
      assertArrayEquals("v2".getBytes(), d.get("snap"));
      byte[] got = d.get("snap");
      got[0] = 'x';
      assertArrayEquals("v2".getBytes(), d.get("snap"), "get must not expose internal state");
    }
  }

  @Test
  void staleTempFilesFromACrashMidPutAreIgnoredAndDeleted() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      d.put("hard", "old".getBytes());
      d.append("x".getBytes());
      syncNow(d);
    }
    // What a crash between writing the temp file and the rename leaves behind (torn or whole).
    Files.write(tmp.resolve("hard.blob.tmp"), "GNTB half-written garbage".getBytes());
    Files.write(tmp.resolve("new.blob.tmp"), new byte[3]);
    Files.write(tmp.resolve(LogFormat.segmentName(2) + ".tmp"), new byte[7]);
    try (FileDurable d = open(tmp, 1 << 20)) {
      assertArrayEquals("old".getBytes(), d.get("hard"));
      assertNull(d.get("new"));
      assertEquals(List.of(1L), seqs(d.records()));
      assertEquals(2, d.append("y".getBytes()));
    }
    try (var files = Files.list(tmp)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), "temp files left: " + names);
    }
  }

  @Test
  void corruptBlobIsAClearErrorAndLeavesFilesUntouched() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      d.put("hard", "term=5 vote=n2".getBytes());
      syncNow(d);
    }
    Path blob = tmp.resolve("hard.blob");
    byte[] b = Files.readAllBytes(blob);
    b[b.length - 2] ^= 0x10;
    Files.write(blob, b);
    var before = TestStores.snapshot(tmp);
    StoreCorruptedException e = assertThrows(StoreCorruptedException.class, () -> open(tmp, 1 << 20));
    assertEquals(blob, e.file());
    assertTrue(e.getMessage().contains("hard.blob") && e.getMessage().contains("CRC32C"),
        e.getMessage());
    assertEquals(before, TestStores.snapshot(tmp));
  }

  @Test
  void badBlobNamesAreRejected() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      for (String bad : new String[] {"", "../x", "a/b", ".hidden", "x".repeat(101)}) {
        assertThrows(IllegalArgumentException.class, () -> d.put(bad, new byte[1]), bad);
      }
      d.put("raft-hard_state.v1", new byte[1]);
    }
  }

  @Test
  void callbacksRunOnTheCallersExecutorInSyncOrder() throws Exception {
    ExecutorService node = Executors.newSingleThreadExecutor(r -> new Thread(r, "node-loop"));
    try (FileDurable d = new FileDurable(tmp, node)) {
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      AtomicReference<String> thread = new AtomicReference<>();
      CountDownLatch all = new CountDownLatch(200);
      for (int i = 0; i < 200; i++) {
        d.append(new byte[] {(byte) i});
        int n = i;
        d.sync(() -> {
          thread.set(Thread.currentThread().getName());
          order.add("s" + n);
          all.countDown();
        });
      }
      assertTrue(all.await(30, TimeUnit.SECONDS));
      assertEquals("node-loop", thread.get());
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        expected.add("s" + i);
      }
      assertEquals(expected, order);
    } finally {
      node.shutdown();
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      IOException e = assertThrows(IOException.class, () -> open(tmp, 1 << 20));
      assertTrue(e.getMessage().contains("LOCK"), e.getMessage());
    }
    open(tmp, 1 << 20).close(); // released on close
  }

  @Test
  void closedStoreRejectsWrites() throws IOException {
    FileDurable d = open(tmp, 1 << 20);
    d.close();
    d.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> d.append(new byte[1]));
    assertThrows(IllegalStateException.class, () -> d.sync(() -> {}));
  }

  @Test
  void aThrowingCallbackDoesNotStopTheSyncer() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      d.append(new byte[1]);
      d.sync(() -> {
        throw new IllegalStateException("node bug");
      });
      d.append(new byte[2]);
      syncNow(d);
      assertEquals(List.of(1L, 2L), seqs(d.records()));
    }
  }

  @Test
  void closingFromASyncCallbackFinishesStagedWritesAndReleasesTheDirectory() throws Exception {
    FileDurable d = open(tmp, 1 << 20);
    CountDownLatch closed = new CountDownLatch(1);
    d.append("a".getBytes());
    d.sync(() -> {
      d.append("b".getBytes());
      d.close();
      closed.countDown();
    });
    assertTrue(closed.await(30, TimeUnit.SECONDS), "close from a callback must not hang");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) { // the syncer releases the lock as it exits, just after the callback returns
      try (FileDurable again = open(tmp, 1 << 20)) {
        assertEquals(List.of(1L, 2L), seqs(again.records()));
        break;
      } catch (IOException e) {
        assertTrue(System.nanoTime() < deadline, "directory still locked: " + e.getMessage());
        Thread.sleep(10);
      }
    }
  }

  @Test
  void blobsWithoutAnyLogSegmentAreRefusedRatherThanRestartingAtRecordOne() throws IOException {
    try (FileDurable d = open(tmp, 1 << 20)) {
      d.append("x".getBytes());
      d.put("hard", "term=2".getBytes());
      syncNow(d);
    }
    for (Path seg : TestStores.segments(tmp)) {
      Files.delete(seg);
    }
    StoreCorruptedException e = assertThrows(StoreCorruptedException.class, () -> open(tmp, 1 << 20));
    assertEquals(tmp.resolve(LogFormat.segmentName(1)), e.file());
    assertTrue(e.getMessage().contains("names it as the newest log segment"), e.getMessage());
  }
}
