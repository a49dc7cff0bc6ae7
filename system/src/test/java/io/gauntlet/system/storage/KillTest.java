package io.gauntlet.system.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Durable.Record;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency with a real process: a child JVM ({@link KillTestWriter}) appends and syncs
 * until it is SIGKILLed at a random moment; the store is then reopened and must hold a whole-record
 * prefix of what was written that contains every record the child was told is durable, and a
 * state blob that is whole and at least as new as the last put reported durable. Repeated on the
 * same store, so recovery of a recovered store is exercised too. Every other round also simulates
 * a power loss on the files the child left, cutting or garbling what was not yet fsynced.
 */
class KillTest {
  private static final int ROUNDS = 8;

  @TempDir Path tmp;

  @Test
  void sigkilledWriterRecoversAWholeRecordPrefixHoldingEverySyncedRecord() throws Exception {
    long seed = TestStores.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    Path dir = tmp.resolve("store");
    long maxSynced = 0;
    long maxPut = 0;
    long reports = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long killAfterMs = rnd.nextInt(600);
      String context = "seed " + seed + " (rerun with -Dgauntlet.seed=" + seed + "), round "
          + round + ", killed " + killAfterMs + " ms after open";
      Path err = tmp.resolve("child-" + round + ".err");
      List<String> lines = runAndKill(dir, seed, rnd.nextLong(), killAfterMs, err, context);
      for (String line : lines) {
        String[] w = line.split(" ");
        if (w.length < 3 || !w[0].equals("synced") || !w[w.length - 1].equals(".")) {
          continue; // "ready", or a line cut short by the kill
        }
        reports++;
        maxSynced = Math.max(maxSynced, Long.parseLong(w[1]));
        if (w.length == 5 && w[2].equals("put")) {
          maxPut = Math.max(maxPut, Long.parseLong(w[3]));
        }
      }
      context += ", reported synced up to record " + maxSynced + ", put " + maxPut;
      if (round % 2 == 1) { // every other round, also lose part of what was not yet fsynced
        context += ", " + damageUnsyncedTail(dir, maxSynced, rnd);
      }
      checkRecovered(dir, seed, maxSynced, maxPut, round % 2 == 1, context);
    }
    assertTrue(reports > 0, "seed " + seed + ": the child never reported a sync");
  }

  private static List<String> runAndKill(Path dir, long seed, long runSeed, long killAfterMs,
      Path err, String context) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), KillTestWriter.class.getName(), dir.toString(),
        Long.toString(seed), Long.toString(runSeed));
    pb.redirectError(err.toFile());
    Process p = pb.start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Object readyLock = new Object();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
          synchronized (readyLock) {
            readyLock.notifyAll();
          }
        }
      } catch (IOException e) {
        lines.add("reader failed: " + e);
      }
    });
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      synchronized (readyLock) {
        while (lines.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
          readyLock.wait(100);
        }
      }
      assertTrue(!lines.isEmpty() && lines.get(0).startsWith("ready"),
          context + ": child did not open the store: " + lines + " " + Files.readString(err));
      Thread.sleep(killAfterMs);
      assertTrue(p.isAlive(), context + ": child exited early: " + Files.readString(err));
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), context + ": child did not die");
      assertEquals(137, p.exitValue(), context + ": child was not killed by SIGKILL");
      reader.join(TimeUnit.SECONDS.toMillis(30));
    } finally {
      p.destroyForcibly();
    }
    return new ArrayList<>(lines);
  }

  /**
   * SIGKILL never loses the page cache; a power loss can also lose what was not yet fsynced.
   * Simulates that on the real files the child left, as a file system can leave them (etcd's
   * model, docs/decisions.md "FileDurable: recovery rules"): the newest segment is cut at a random
   * offset after the last record known to be fsynced, or its sectors from that point (or from a
   * later sector boundary) on are zeros up to a random size, as when the file size reached the
   * disk but the data did not. Known fsynced: every record reported synced, and every record up
   * to the one the state blob on disk names (blobs are written only after their round's records
   * were fsynced). The newest segment is the one the manifest names: a header-only segment beyond
   * it (a roll the kill interrupted) never held records.
   */
  private static String damageUnsyncedTail(Path dir, long reportedSynced, SplittableRandom rnd)
      throws IOException {
    long maxSynced = reportedSynced;
    Path blob = dir.resolve("state" + BlobStore.SUFFIX);
    if (Files.exists(blob)) {
      maxSynced = Math.max(maxSynced, ByteBuffer.wrap(Files.readAllBytes(blob), 12, 8).getLong());
    }
    Path newest = dir.resolve(LogFormat.segmentName(Manifest.read(dir).newestSegment()));
    byte[] b = Files.readAllBytes(newest);
    long first = LogFormat.parseSegmentName(newest.getFileName().toString());
    // A segment's header is fsynced before the segment gets its name, so it is never lost.
    int syncedEnd = maxSynced < first ? LogFormat.SEGMENT_HEADER_BYTES : b.length;
    for (int pos = LogFormat.SEGMENT_HEADER_BYTES; pos + LogFormat.FRAME_HEADER_BYTES <= b.length;) {
      int end = pos + LogFormat.FRAME_HEADER_BYTES + LogFormat.getInt(b, pos);
      if (end > b.length) {
        break;
      }
      if (LogFormat.getLong(b, pos + 8) == maxSynced) {
        syncedEnd = end;
      }
      pos = end;
    }
    byte[] damaged;
    String what;
    if (rnd.nextBoolean()) {
      int cut = syncedEnd + rnd.nextInt(b.length - syncedEnd + 1);
      damaged = java.util.Arrays.copyOf(b, cut);
      what = "cut " + newest.getFileName() + " from " + b.length + " to " + cut + " bytes";
    } else {
      int sector = LogFormat.SECTOR_BYTES;
      int aligned = (syncedEnd + rnd.nextInt(b.length - syncedEnd + 1) + sector - 1) / sector * sector;
      int zerosFrom = rnd.nextBoolean() || aligned > b.length ? syncedEnd : aligned;
      int size = zerosFrom + rnd.nextInt(b.length - zerosFrom + 1);
      damaged = java.util.Arrays.copyOf(java.util.Arrays.copyOf(b, zerosFrom), size);
      what = "zeroed " + newest.getFileName() + " from byte " + zerosFrom + " to its new size "
          + size + " (was " + b.length + ")";
    }
    Files.write(newest, damaged);
    return "simulated power loss: " + what;
  }

  /**
   * @param tailLost whether this round also simulated a power loss of unsynced data: the writer
   *     compacts to KEEP records before the last one it appended, synced or not, so after such a loss
   *     fewer than KEEP records may precede the recovered end (a record compacted away was never the
   *     problem; losing a synced one is, and is checked in every round)
   */
  private static void checkRecovered(Path dir, long seed, long maxSynced, long maxPut, boolean tailLost,
      String context) throws IOException {
    try (FileDurable d = new FileDurable(dir,
        new FileDurable.Options(KillTestWriter.SEGMENT_BYTES, 1 << 20), TestStores.DIRECT)) {
      List<Record> rs = d.records();
      assertTrue(!rs.isEmpty() || maxSynced == 0, context + ": no records recovered");
      long first = rs.isEmpty() ? 1 : rs.get(0).seq();
      long last = rs.isEmpty() ? 0 : rs.get(rs.size() - 1).seq();
      for (int i = 0; i < rs.size(); i++) {
        Record r = rs.get(i);
        assertEquals(first + i, r.seq(), context + ": records are not contiguous");
        assertArrayEquals(TestStores.payload(seed, r.seq(), KillTestWriter.MAX_EXTRA), r.data(),
            context + ": record " + r.seq() + " is not what was written");
      }
      assertTrue(last >= maxSynced, context + ": recovered only up to record " + last);
      assertTrue(tailLost || first <= Math.max(1, last - KillTestWriter.KEEP),
          context + ": compaction dropped record " + (first - 1) + " (last is " + last + ")");
      assertEquals(last + 1, d.nextSeq(), context);
      System.out.printf("%s: recovered records %d..%d in %d segments%n", context, first, last,
          d.segmentCount());
      byte[] state = d.get("state");
      if (maxPut > 0) {
        assertNotNull(state, context + ": the state blob reported durable is gone");
      }
      if (state != null) {
        long v = ByteBuffer.wrap(state).getLong();
        assertArrayEquals(KillTestWriter.stateBlob(v), state, context + ": state blob is a mix");
        assertTrue(v >= maxPut && v <= last, context + ": state blob names record " + v);
      }
    }
  }
}
