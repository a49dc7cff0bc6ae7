package io.gauntlet.system.storage;

import static io.gauntlet.system.storage.LogFormat.FRAME_HEADER_BYTES;
import static io.gauntlet.system.storage.LogFormat.SEGMENT_HEADER_BYTES;
import static io.gauntlet.system.storage.TestStores.copyStore;
import static io.gauntlet.system.storage.TestStores.open;
import static io.gauntlet.system.storage.TestStores.seqs;
import static io.gauntlet.system.storage.TestStores.syncNow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gauntlet.system.runtime.Durable.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery on open: a torn tail of the newest segment is cut back to a whole-record prefix; any
 * other damage is an error that names file and offset and changes nothing on disk.
 */
class RecoveryTest {
  /** Payload sizes of records 1..N; with 150-byte segments they fill three segments. */
  private static final int[] SIZES = {0, 5, 17, 40, 3, 60, 9, 25, 1, 33, 12, 0, 20};
  private static final long SEGMENT_BYTES = 150;

  @TempDir Path tmp;
  private Path base;

  @BeforeEach
  void writeSmallLog() throws IOException {
    base = tmp.resolve("base");
    try (FileDurable d = open(base, SEGMENT_BYTES)) {
      for (int i = 0; i < SIZES.length; i++) {
        assertEquals(i + 1, d.append(payload(i + 1)));
      }
      syncNow(d);
    }
    assertTrue(TestStores.segments(base).size() >= 3, "the fixture should span 3+ segments");
  }

  private static byte[] payload(long seq) {
    byte[] b = new byte[size(seq)];
    Arrays.fill(b, (byte) seq);
    return b;
  }

  /** Payload size of record {@code seq}; records appended after the fixture reuse the sizes. */
  private static int size(long seq) {
    return SIZES[(int) ((seq - 1) % SIZES.length)];
  }

  /** Byte offsets where the frames of a segment starting at record {@code first} start. */
  private static List<Integer> frameStarts(long first, int fileLength) {
    List<Integer> starts = new ArrayList<>();
    int pos = SEGMENT_HEADER_BYTES;
    for (long s = first; pos < fileLength; s++) {
      starts.add(pos);
      pos += FRAME_HEADER_BYTES + size(s);
    }
    assertEquals(fileLength, pos, "fixture frames must tile the segment");
    return starts;
  }

  private static void assertPrefix(List<Record> got, long count, String context) {
    assertEquals(LongStream.rangeClosed(1, count).boxed().toList(), seqs(got), context);
    for (Record r : got) {
      assertArrayEquals(payload(r.seq()), r.data(), context + ": payload of record " + r.seq());
    }
  }

  @Test
  void truncatingTheNewestSegmentAtEveryOffsetRecoversAWholeRecordPrefix() throws IOException {
    Path last = TestStores.segments(base).get(TestStores.segments(base).size() - 1);
    long first = LogFormat.parseSegmentName(last.getFileName().toString());
    byte[] full = Files.readAllBytes(last);
    List<Integer> starts = frameStarts(first, full.length);
    for (int cut = 0; cut <= full.length; cut++) {
      Path dir = copyStore(base, tmp, "cut" + cut);
      Files.write(dir.resolve(last.getFileName()), Arrays.copyOf(full, cut));
      long whole = first - 1;
      for (int i = 0; i < starts.size(); i++) {
        int end = i + 1 < starts.size() ? starts.get(i + 1) : full.length;
        if (end <= cut) {
          whole = first + i;
        }
      }
      String context = "newest segment cut at byte " + cut;
      if (cut < SEGMENT_HEADER_BYTES) {
        // Segments are created whole, so no crash leaves one shorter than its header.
        var before = TestStores.snapshot(dir);
        StoreCorruptedException e =
            assertThrows(StoreCorruptedException.class, () -> open(dir, SEGMENT_BYTES), context);
        assertEquals(dir.resolve(last.getFileName()), e.file(), context);
        assertTrue(e.getMessage().contains("header cut short"), context + ": " + e.getMessage());
        assertEquals(before, TestStores.snapshot(dir), context + ": a failed open changed files");
        continue;
      }
      try (FileDurable d = open(dir, SEGMENT_BYTES)) {
        assertPrefix(d.records(), whole, context);
        assertEquals(whole + 1, d.append(payload(whole + 1)), context);
        syncNow(d);
      }
      try (FileDurable d = open(dir, SEGMENT_BYTES)) {
        assertPrefix(d.records(), whole + 1, context + ", after appending and reopening");
      }
    }
  }

  @Test
  void aCutSealedSegmentIsAnErrorNotADataLoss() throws IOException {
    Path sealed = TestStores.segments(base).get(0);
    byte[] full = Files.readAllBytes(sealed);
    for (int cut : new int[] {0, SEGMENT_HEADER_BYTES, full.length - 1}) {
      Path dir = copyStore(base, tmp, "cut" + cut);
      Files.write(dir.resolve(sealed.getFileName()), Arrays.copyOf(full, cut));
      var before = TestStores.snapshot(dir);
      StoreCorruptedException e =
          assertThrows(StoreCorruptedException.class, () -> open(dir, SEGMENT_BYTES));
      assertEquals(dir.resolve(sealed.getFileName()), e.file());
      assertEquals(before, TestStores.snapshot(dir), "a failed open must change nothing");
    }
    // Cut exactly after its second-to-last record: only the next segment can tell.
    List<Integer> starts = frameStarts(1, full.length);
    Path dir = copyStore(base, tmp, "cut-at-boundary");
    Files.write(dir.resolve(sealed.getFileName()),
        Arrays.copyOf(full, starts.get(starts.size() - 1)));
    var before = TestStores.snapshot(dir);
    StoreCorruptedException e =
        assertThrows(StoreCorruptedException.class, () -> open(dir, SEGMENT_BYTES));
    assertTrue(e.getMessage().contains("sequence gap") && e.getMessage().contains("cut short"),
        e.getMessage());
    assertEquals(before, TestStores.snapshot(dir));
  }

  /**
   * A flipped byte anywhere, the newest segment's last record included, is refused: a crash never
   * changes bytes that were written, so a whole record with a bad CRC may be one that was synced.
   */
  @Test
  void flippedBytesAreAnErrorAtTheDamagedRecordEvenInTheLastRecord() throws IOException {
    long seed = TestStores.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Path> segs = TestStores.segments(base);
    for (Path seg : List.of(segs.get(0), segs.get(segs.size() - 1))) {
      long first = LogFormat.parseSegmentName(seg.getFileName().toString());
      byte[] full = Files.readAllBytes(seg);
      List<Integer> starts = frameStarts(first, full.length);
      for (int at = 0; at < full.length; at++) {
        int mask = 1 + rnd.nextInt(255);
        String context = "seed " + seed + ": " + seg.getFileName() + " byte " + at + " ^= " + mask;
        Path dir = copyStore(base, tmp, seg.getFileName() + "-flip" + at);
        byte[] damaged = full.clone();
        damaged[at] ^= (byte) mask;
        Files.write(dir.resolve(seg.getFileName()), damaged);
        int recordStart = 0;
        for (int s : starts) {
          if (s <= at) {
            recordStart = s;
          }
        }
        var before = TestStores.snapshot(dir);
        try (FileDurable d = open(dir, SEGMENT_BYTES)) {
          fail(context + ": opened with damage before the tail; records " + seqs(d.records()));
        } catch (StoreCorruptedException e) {
          assertEquals(dir.resolve(seg.getFileName()), e.file(), context);
          assertEquals(recordStart, e.offset(), context + ": " + e.getMessage());
          assertTrue(e.getMessage().contains(seg.getFileName().toString())
              && e.getMessage().contains("offset " + recordStart), context + ": " + e.getMessage());
        }
        assertEquals(before, TestStores.snapshot(dir), context + ": a failed open changed files");
      }
    }
  }

  @Test
  void aValidRecordWithTheWrongSequenceNumberIsASequenceGap() throws IOException {
    Path sealed = TestStores.segments(base).get(0);
    byte[] full = Files.readAllBytes(sealed);
    List<Integer> starts = frameStarts(1, full.length);
    int at = starts.get(2); // record 3
    byte[] forged = LogFormat.frame(3 + 7, payload(3));
    System.arraycopy(forged, 0, full, at, forged.length);
    Files.write(sealed, full);
    StoreCorruptedException e =
        assertThrows(StoreCorruptedException.class, () -> open(base, SEGMENT_BYTES));
    assertEquals(at, e.offset());
    assertTrue(e.getMessage().contains("sequence gap"), e.getMessage());
  }

  @Test
  void aMissingSegmentIsASequenceGapNamingTheNextSegment() throws IOException {
    List<Path> segs = TestStores.segments(base);
    Files.delete(segs.get(1));
    StoreCorruptedException e =
        assertThrows(StoreCorruptedException.class, () -> open(base, SEGMENT_BYTES));
    assertEquals(segs.get(2), e.file());
    assertTrue(e.getMessage().contains("sequence gap"), e.getMessage());
  }

  @Test
  void aZeroFilledTailFromACrashIsTruncated() throws IOException {
    // Some file systems can leave the size grown but the new blocks zeroed after a crash.
    List<Path> segs = TestStores.segments(base);
    Path last = segs.get(segs.size() - 1);
    long size = Files.size(last);
    Files.write(last, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    try (FileDurable d = open(base, SEGMENT_BYTES)) {
      assertPrefix(d.records(), SIZES.length, "zero-filled tail");
    }
    assertEquals(size, Files.size(last));
  }
}
