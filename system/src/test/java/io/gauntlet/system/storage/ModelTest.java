package io.gauntlet.system.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Durable.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random operation sequences (append, put, compact, sync, close and reopen) against a model of the
 * Durable contract, with segment sizes small enough that rolls and compactions happen constantly.
 */
class ModelTest {
  private static final String[] NAMES = {"hard", "snapshot", "meta"};

  @TempDir Path tmp;

  @Test
  void randomOperationsMatchTheModel() throws IOException {
    long seed = TestStores.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int run = 0; run < 12; run++) {
      long segmentBytes = 40 + rnd.nextInt(2000);
      String context = "seed " + seed + " (rerun with -Dgauntlet.seed=" + seed + "), run " + run
          + ", segmentBytes " + segmentBytes;
      runOnce(tmp.resolve("run" + run), segmentBytes, rnd, context);
    }
  }

  private static void runOnce(Path dir, long segmentBytes, SplittableRandom rnd, String context)
      throws IOException {
    TreeMap<Long, byte[]> appended = new TreeMap<>(); // every record, by seq
    Map<String, byte[]> blobs = new HashMap<>(); // the latest put of each blob
    long keepFrom = 1; // the largest compact point so far
    FileDurable d = TestStores.open(dir, segmentBytes);
    try {
      for (int op = 0; op < 150; op++) {
        int kind = rnd.nextInt(100);
        String at = context + ", op " + op;
        if (kind < 55) {
          byte[] data = new byte[rnd.nextInt(rnd.nextInt(10) == 0 ? 3000 : 100)];
          rnd.nextBytes(data);
          long seq = d.append(data);
          assertEquals(appended.isEmpty() ? 1 : appended.lastKey() + 1, seq, at);
          appended.put(seq, data);
        } else if (kind < 65) {
          byte[] v = new byte[rnd.nextInt(200)];
          rnd.nextBytes(v);
          String name = NAMES[rnd.nextInt(NAMES.length)];
          d.put(name, v);
          blobs.put(name, v);
        } else if (kind < 72 && !appended.isEmpty()) {
          long point = 1 + rnd.nextLong(appended.lastKey() + 1);
          d.compact(point);
          keepFrom = Math.max(keepFrom, point);
        } else if (kind < 92) {
          TestStores.syncNow(d);
          check(d, appended, blobs, keepFrom, at + " (after sync)");
        } else {
          d.close();
          d = TestStores.open(dir, segmentBytes);
          check(d, appended, blobs, keepFrom, at + " (after reopen)");
        }
      }
    } finally {
      d.close();
    }
  }

  private static void check(FileDurable d, TreeMap<Long, byte[]> appended,
      Map<String, byte[]> blobs, long keepFrom, String context) {
    List<Record> rs = d.records();
    long bytes = 0;
    if (appended.isEmpty()) {
      assertTrue(rs.isEmpty(), context);
    } else {
      assertTrue(!rs.isEmpty() && rs.get(0).seq() <= keepFrom, context + ": first record "
          + (rs.isEmpty() ? "none" : rs.get(0).seq()) + " but compaction only allowed below "
          + keepFrom);
      long expected = rs.get(0).seq();
      for (Record r : rs) {
        assertEquals(expected++, r.seq(), context + ": records not contiguous");
        assertArrayEquals(appended.get(r.seq()), r.data(), context + ": record " + r.seq());
        bytes += LogFormat.FRAME_HEADER_BYTES + r.data().length;
      }
      assertEquals(appended.lastKey(), rs.get(rs.size() - 1).seq(), context + ": last record");
    }
    assertEquals(bytes, d.logBytes(), context + ": logBytes");
    for (String name : NAMES) {
      byte[] want = blobs.get(name);
      byte[] got = d.get(name);
      if (want == null) {
        assertEquals(null, got, context + ": blob " + name);
      } else {
        assertArrayEquals(want, got, context + ": blob " + name);
      }
    }
  }
}
