package io.gauntlet.system.storage;

import static io.gauntlet.system.storage.TestStores.open;
import static io.gauntlet.system.storage.TestStores.seqs;
import static io.gauntlet.system.storage.TestStores.syncNow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Durable.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments roll at the configured size; compaction drops whole segments; seqs are never reused. */
class SegmentCompactionTest {
  private static final long SEGMENT_BYTES = 200;
  private static final int PAYLOAD = 30; // 46-byte frames: 3 per 200-byte segment

  @TempDir Path tmp;

  private static byte[] payload(long seq) {
    byte[] b = new byte[PAYLOAD];
    java.util.Arrays.fill(b, (byte) seq);
    return b;
  }

  private static void assertContiguous(List<Record> rs, long first, long last, String context) {
    assertEquals(LongStream.rangeClosed(first, last).boxed().toList(), seqs(rs), context);
    for (Record r : rs) {
      assertArrayEquals(payload(r.seq()), r.data(), context + ": record " + r.seq());
    }
  }

  @Test
  void segmentsRollAndCompactionDropsOnlyWholeSegmentsBelowTheKeepPoint() throws IOException {
    long firstKept;
    try (FileDurable d = open(tmp, SEGMENT_BYTES)) {
      for (long s = 1; s <= 40; s++) {
        assertEquals(s, d.append(payload(s)));
      }
      syncNow(d);
      assertEquals(14, d.segmentCount(), "3 records per segment: 13 full segments + 1");
      assertEquals(TestStores.segments(tmp).size(), d.segmentCount());
      assertContiguous(d.records(), 1, 40, "before compaction");
      long bytesBefore = d.logBytes();

      d.compact(21);
      assertEquals(14, d.segmentCount(), "compaction is staged until sync");
      syncNow(d);
      List<Record> rs = d.records();
      firstKept = rs.get(0).seq();
      // Segments start at 1, 4, 7, ..., 19, 22: the one holding 19..21 must stay.
      assertEquals(19, firstKept);
      assertContiguous(rs, 19, 40, "after compact(21)");
      assertEquals(8, d.segmentCount());
      assertEquals(bytesBefore - 18 * (16 + PAYLOAD), d.logBytes());
    }
    try (FileDurable d = open(tmp, SEGMENT_BYTES)) {
      assertContiguous(d.records(), firstKept, 40, "after reopen");
      assertEquals(41, d.append(payload(41)));
      d.compact(1_000);
      syncNow(d);
      assertEquals(1, d.segmentCount(), "everything but the active segment is dropped");
      assertContiguous(d.records(), 40, 41, "the active segment is kept");
    }
    try (FileDurable d = open(tmp, SEGMENT_BYTES)) {
      assertEquals(42, d.nextSeq(), "sequence numbers are never reused after compaction");
      for (long s = 42; s <= 50; s++) {
        assertEquals(s, d.append(payload(s)));
      }
      syncNow(d);
      d.compact(51);
      syncNow(d);
    }
    try (FileDurable d = open(tmp, SEGMENT_BYTES)) {
      List<Record> rs = d.records();
      assertTrue(rs.isEmpty() || rs.get(rs.size() - 1).seq() == 50, seqs(rs).toString());
      assertEquals(51, d.nextSeq());
    }
  }

  @Test
  void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
    try (FileDurable d = open(tmp, SEGMENT_BYTES)) {
      d.append(new byte[10]);
      d.append(new byte[1000]);
      d.append(new byte[10]);
      syncNow(d);
      assertEquals(3, d.segmentCount());
    }
    try (FileDurable d = open(tmp, SEGMENT_BYTES)) {
      assertEquals(List.of(10, 1000, 10),
          d.records().stream().map(r -> r.data().length).toList());
    }
  }
}
