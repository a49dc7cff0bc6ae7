package io.gauntlet.system.storage;

import static io.gauntlet.system.storage.TestStores.copyStore;
import static io.gauntlet.system.storage.TestStores.open;
import static io.gauntlet.system.storage.TestStores.syncNow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gauntlet.system.runtime.Durable.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The damage table (README, "Durable storage"): each way a data directory can be damaged, and what
 * opening it does: a repair that a crash can really require, with a WARN stating exactly what was
 * dropped, or a refusal naming the file, the byte offset and the problem, with nothing changed.
 *
 * <p>The fixture: records 11..45 (100-byte payloads, 116-byte frames) in segments 11, 21, 31 and
 * 41 (record 1..10's segment was compacted away), blobs "hard" and "snapshot". The newest segment
 * holds records 41..45 at byte offsets 20, 136, 252, 368 and 484; record 45 ends at 600 and
 * crosses the 512-byte sector boundary.
 */
class DamageTableTest {
  private static final long SEGMENT_BYTES = 1200;
  private static final int FRAME = LogFormat.FRAME_HEADER_BYTES + 100;
  private static final byte[] HARD = "term=7 vote=n2".getBytes();
  private static final byte[] SNAPSHOT = "snapshot through 10".getBytes();

  @TempDir Path tmp;

  /** What damaging a copy of the fixture does to it. */
  @FunctionalInterface
  interface Damage {
    void apply(Path dir) throws IOException;
  }

  /** What opening the damaged store must do. */
  sealed interface Outcome permits Repaired, Refused {}

  /** Opens with records first..last; a WARN containing {@code warn} (null: no WARN at all). */
  record Repaired(long first, long last, String warn) implements Outcome {}

  /** Refuses: StoreCorruptedException for {@code file} at {@code offset}, message containing {@code says}. */
  record Refused(String file, long offset, String says) implements Outcome {}

  record Row(String damage, Damage how, Outcome outcome) {}

  static String seg(long first) {
    return LogFormat.segmentName(first);
  }

  /** Byte offset of record {@code seq} in the newest segment. */
  static int at(long seq) {
    return LogFormat.SEGMENT_HEADER_BYTES + (int) (seq - 41) * FRAME;
  }

  static byte[] payload(long seq) {
    byte[] b = new byte[100];
    Arrays.fill(b, (byte) (seq * 7 + 1));
    return b;
  }

  static List<Row> table() {
    return List.of(
        new Row("none", dir -> { }, new Repaired(11, 45, null)),
        // Missing files (the manifest names them).
        new Row("newest segment deleted", dir -> Files.delete(dir.resolve(seg(41))),
            new Refused(seg(41), 0, "names it as the newest log segment")),
        new Row("oldest segment deleted", dir -> Files.delete(dir.resolve(seg(11))),
            new Refused(seg(11), 0, "names it as the oldest log segment")),
        new Row("middle segment deleted", dir -> Files.delete(dir.resolve(seg(21))),
            new Refused(seg(31), 0, "sequence gap")),
        new Row("hard.blob deleted", dir -> Files.delete(dir.resolve("hard.blob")),
            new Refused("hard.blob", 0, "names blob 'hard'")),
        new Row("snapshot.blob deleted", dir -> Files.delete(dir.resolve("snapshot.blob")),
            new Refused("snapshot.blob", 0, "names blob 'snapshot'")),
        new Row("MANIFEST deleted", dir -> Files.delete(dir.resolve(Manifest.FILE)),
            new Refused(Manifest.FILE, 0, "missing, but the directory holds log segments")),
        new Row("MANIFEST: a byte flipped", dir -> flip(dir.resolve(Manifest.FILE), 14),
            new Refused(Manifest.FILE, 4, "bad blob CRC32C")),
        // The newest segment: only an unfinished last record is repaired.
        new Row("newest segment cut below its header", dir -> cut(dir.resolve(seg(41)), 10),
            new Refused(seg(41), 0, "header cut short (10 of 20 bytes)")),
        new Row("newest segment cut inside its last record", dir -> cut(dir.resolve(seg(41)), 550),
            new Repaired(11, 44, "dropped bytes 484..550 (66 bytes), which held no whole record: record 45 cut"
                + " short: its length field says 100 bytes but 50 payload bytes are present; records up to 44 are kept")),
        new Row("newest segment cut inside the last record's frame header", dir -> cut(dir.resolve(seg(41)), at(45) + 9),
            new Repaired(11, 44, "record 45 cut short inside its frame header (9 of 16 bytes present)")),
        new Row("newest segment cut at a record boundary (undetectable: a crash before the fsync looks the same)",
            dir -> cut(dir.resolve(seg(41)), at(45)), new Repaired(11, 44, null)),
        new Row("a flipped byte in the last record's payload", dir -> flip(dir.resolve(seg(41)), at(45) + 60),
            new Refused(seg(41), at(45), "bad CRC32C")),
        new Row("a flipped byte in the last record's length field", dir -> flip(dir.resolve(seg(41)), at(45) + 3),
            new Refused(seg(41), at(45), "a crash leaves the last record cut short or zero-filled")),
        new Row("a flipped byte in the last record's sequence number", dir -> flip(dir.resolve(seg(41)), at(45) + 15),
            new Refused(seg(41), at(45), "bad CRC32C")),
        new Row("a flipped byte in an earlier record of the newest segment", dir -> flip(dir.resolve(seg(41)), at(43) + 20),
            new Refused(seg(41), at(43), "valid records follow it")),
        new Row("newest segment extended with zeros", dir -> append(dir.resolve(seg(41)), new byte[1000]),
            new Repaired(11, 45, "dropped bytes 600..1600 (1000 bytes), which held no whole record: record 46 has"
                + " a zero-filled sector at byte offset 600")),
        new Row("newest segment's sectors from byte 512 zeroed (a power loss)", dir -> zero(dir.resolve(seg(41)), 512),
            new Repaired(11, 44, "record 45 has a zero-filled sector at byte offset 512")),
        new Row("garbage after the last record whose length runs past the end", dir -> append(dir.resolve(seg(41)), ff(40)),
            new Repaired(11, 45, "record 46 cut short: its length field says 4294967295 bytes")),
        new Row("garbage after the last record forming a whole frame with a bad CRC",
            dir -> append(dir.resolve(seg(41)), new byte[] {0, 0, 0, 2, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 46, 9, 9}),
            new Refused(seg(41), 600, "record 46: bad CRC32C")),
        // Sealed segments and blobs: any damage is refused.
        new Row("a flipped byte in a sealed segment", dir -> flip(dir.resolve(seg(21)), at(41) + 50),
            new Refused(seg(21), at(41), "bad CRC32C")),
        new Row("sealed segment cut", dir -> cut(dir.resolve(seg(21)), 300),
            new Refused(seg(21), 252, "record 23")),
        new Row("hard.blob: a flipped byte", dir -> flip(dir.resolve("hard.blob"), 13),
            new Refused("hard.blob", 4, "bad blob CRC32C")),
        new Row("hard.blob cut", dir -> cut(dir.resolve("hard.blob"), 8),
            new Refused("hard.blob", 0, "blob header cut short")),
        // What a crash leaves mid-roll, mid-compaction, mid-put: tidied up.
        new Row("header-only segment after the newest (a roll a crash interrupted)",
            dir -> Files.write(dir.resolve(seg(46)), bytes(LogFormat.segmentHeader(46))),
            new Repaired(11, 45, "Deleting " )),
        new Row("segment after the newest holding a record",
            dir -> Files.write(dir.resolve(seg(46)), concat(bytes(LogFormat.segmentHeader(46)), LogFormat.frame(46, payload(46)))),
            new Refused(seg(46), 0, "segment newer than the newest one")),
        new Row("segment older than the oldest (a compaction a crash interrupted)",
            dir -> Files.copy(dir.resolve("compacted-1.bak"), dir.resolve(seg(1))),
            new Repaired(11, 45, "Deleting ")),
        new Row("a whole blob the manifest does not name (a first put a crash interrupted)",
            dir -> BlobStore.writeFile(dir, "extra.blob", "x".getBytes()),
            new Repaired(11, 45, null)));
  }

  @TestFactory
  Stream<DynamicTest> eachDamageHasItsOutcome() throws IOException {
    Path base = fixture();
    return table().stream().map(row -> DynamicTest.dynamicTest(row.damage(), () -> check(base, row)));
  }

  private void check(Path base, Row row) throws IOException {
    Path dir = copyStore(base, tmp, "case-" + Integer.toHexString(row.damage().hashCode()));
    row.how().apply(dir);
    Files.deleteIfExists(dir.resolve("compacted-1.bak"));
    ListAppender<ILoggingEvent> logs = capture();
    try {
      if (row.outcome() instanceof Refused r) {
        var before = TestStores.snapshot(dir);
        try (FileDurable d = open(dir, SEGMENT_BYTES)) {
          fail(row.damage() + ": opened, with records " + TestStores.seqs(d.records()));
        } catch (StoreCorruptedException e) {
          assertEquals(dir.resolve(r.file()), e.file(), row.damage() + ": " + e.getMessage());
          assertEquals(r.offset(), e.offset(), row.damage() + ": " + e.getMessage());
          assertTrue(e.getMessage().contains(r.says()), row.damage() + ": " + e.getMessage());
          assertTrue(e.getMessage().contains(r.file()) && e.getMessage().contains("offset " + r.offset())
              && e.getMessage().contains("move the data directory aside"), e.getMessage());
        }
        assertEquals(before, TestStores.snapshot(dir), row.damage() + ": a refused open changed files");
        return;
      }
      Repaired r = (Repaired) row.outcome();
      for (int open = 0; open < 2; open++) { // a repaired store reopens cleanly
        try (FileDurable d = open(dir, SEGMENT_BYTES)) {
          List<Record> rs = d.records();
          assertEquals(r.first(), rs.get(0).seq(), row.damage());
          assertEquals(r.last(), rs.get(rs.size() - 1).seq(), row.damage());
          for (int i = 0; i < rs.size(); i++) {
            assertEquals(r.first() + i, rs.get(i).seq(), row.damage());
            assertArrayEquals(payload(rs.get(i).seq()), rs.get(i).data(), row.damage());
          }
          assertArrayEquals(HARD, d.get("hard"), row.damage());
          assertArrayEquals(SNAPSHOT, d.get("snapshot"), row.damage());
          assertEquals(r.last() + 1, d.nextSeq(), row.damage());
        }
        List<String> warns = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage).toList();
        if (open == 0 && r.warn() != null) {
          assertTrue(warns.stream().anyMatch(w -> w.contains(r.warn())), row.damage() + ": WARNs " + warns);
        } else {
          assertEquals(List.of(), warns, row.damage() + (open == 1 ? ", reopened after the repair" : ""));
        }
        logs.list.clear();
      }
      Manifest m = Manifest.read(dir);
      assertNotNull(m);
      assertTrue(m.blobs().containsAll(List.of("hard", "snapshot")), row.damage());
    } finally {
      release(logs);
    }
  }

  /** Records 1..45 in 1,200-byte segments, blobs "hard" and "snapshot", then segment 1 compacted away. */
  private Path fixture() throws IOException {
    Path base = tmp.resolve("base");
    try (FileDurable d = open(base, SEGMENT_BYTES)) {
      for (long seq = 1; seq <= 45; seq++) {
        assertEquals(seq, d.append(payload(seq)));
      }
      d.put("hard", HARD);
      d.put("snapshot", SNAPSHOT);
      syncNow(d);
      Files.copy(base.resolve(seg(1)), base.resolve("compacted-1.bak"));
      d.compact(11);
      syncNow(d);
    }
    assertEquals(List.of(seg(11), seg(21), seg(31), seg(41)),
        TestStores.segments(base).stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(at(45) + FRAME, Files.size(base.resolve(seg(41))));
    return base;
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> a = new ListAppender<>();
    a.start();
    ((Logger) LoggerFactory.getLogger("io.gauntlet.system.storage")).addAppender(a);
    return a;
  }

  private static void release(ListAppender<ILoggingEvent> a) {
    ((Logger) LoggerFactory.getLogger("io.gauntlet.system.storage")).detachAppender(a);
  }

  static void flip(Path f, int at) throws IOException {
    byte[] b = Files.readAllBytes(f);
    b[at] ^= 0x10;
    Files.write(f, b);
  }

  static void cut(Path f, int size) throws IOException {
    Files.write(f, Arrays.copyOf(Files.readAllBytes(f), size));
  }

  static void zero(Path f, int from) throws IOException {
    byte[] b = Files.readAllBytes(f);
    Arrays.fill(b, from, b.length, (byte) 0);
    Files.write(f, b);
  }

  static void append(Path f, byte[] more) throws IOException {
    Files.write(f, concat(Files.readAllBytes(f), more));
  }

  static byte[] ff(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 0xff);
    return b;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
