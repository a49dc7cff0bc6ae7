package io.gauntlet.system.storage;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The child JVM of {@link KillTest}: appends records (contents fixed by seed and sequence number)
 * as fast as it can, with syncs, blob puts and compactions mixed in, and prints one line per sync
 * callback, {@code synced <last seq covered> [put <seq>] .}, until the parent SIGKILLs it. The
 * trailing {@code " ."} lets the parent ignore a line cut short by the kill.
 *
 * <p>Arguments: data directory, data seed, seed of this run's choices.
 */
public final class KillTestWriter {
  static final long SEGMENT_BYTES = 32 * 1024;
  static final int MAX_EXTRA = 2000;
  /** Compaction keeps at least the newest KEEP records. */
  static final long KEEP = 300;

  private KillTestWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[2]));
    PrintStream out = System.out;
    ExecutorService nodeLoop = Executors.newSingleThreadExecutor();
    FileDurable d = new FileDurable(dir,
        new FileDurable.Options(SEGMENT_BYTES, 1 << 20), nodeLoop);
    out.println("ready " + d.nextSeq() + " .");
    out.flush();
    Semaphore inFlight = new Semaphore(64);
    for (long round = 0; round < 100_000_000L; round++) { // the parent kills it long before
      int n = 1 + rnd.nextInt(8);
      long last = 0;
      for (int i = 0; i < n; i++) {
        long seq = d.nextSeq();
        last = d.append(TestStores.payload(seed, seq, MAX_EXTRA));
        if (last != seq) {
          throw new AssertionError("append returned " + last + ", nextSeq said " + seq);
        }
      }
      String line = "synced " + last;
      if (rnd.nextInt(10) == 0) {
        d.put("state", stateBlob(last));
        line += " put " + last;
      }
      if (rnd.nextInt(20) == 0 && last > KEEP) {
        d.compact(last - KEEP);
      }
      inFlight.acquire();
      String report = line + " .";
      d.sync(() -> {
        out.println(report);
        out.flush();
        inFlight.release();
      });
    }
  }

  /** A blob naming record {@code seq}, padded with bytes that depend on it so a mix shows. */
  static byte[] stateBlob(long seq) {
    byte[] b = new byte[8 + (int) (seq % 4000)];
    ByteBuffer.wrap(b).putLong(seq);
    for (int i = 8; i < b.length; i++) {
      b[i] = (byte) (seq * 31 + i);
    }
    return b;
  }
}
