package io.gauntlet.system.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures what group commit buys: appends/s when every append waits for its own fsync, against
 * appends/s when up to {@code window} appends have a sync in flight (as a Raft leader with many
 * client requests has) and the syncer covers them all with one fsync. The two run alternately in
 * the same process on the same disk, and the result is their ratio.
 *
 * <pre>
 * java -cp control/target/gauntlet.jar io.gauntlet.system.storage.FileDurableBench \
 *     [seconds-per-trial=2] [record-bytes=128] [window=256] [trials=3] [dir=$TMPDIR]
 * </pre>
 */
public final class FileDurableBench {
  private FileDurableBench() {}

  /** One trial: appends made durable, seconds taken, log fsyncs done. */
  public record Trial(String mode, long appends, double seconds, long fsyncs) {
    public double appendsPerSecond() {
      return appends / seconds;
    }

    public double appendsPerFsync() {
      return fsyncs == 0 ? 0 : (double) appends / fsyncs;
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    int recordBytes = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int trials = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path parent = Path.of(args.length > 4 ? args[4] : System.getProperty("java.io.tmpdir"));
    System.out.printf("FileDurable append+sync, %d-byte records, %s s per trial, %d trials, in %s%n",
        recordBytes, seconds, trials, parent);
    List<Trial> single = new ArrayList<>();
    List<Trial> group = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      single.add(print(run(parent, seconds, recordBytes, 1)));
      group.add(print(run(parent, seconds, recordBytes, window)));
    }
    double s = median(single);
    double g = median(group);
    System.out.printf("median: one fsync per append %.0f appends/s, group commit (window %d)"
        + " %.0f appends/s, ratio %.1fx%n", s, window, g, g / s);
  }

  private static Trial print(Trial t) {
    System.out.printf("  %-22s %10.0f appends/s %8d fsyncs %8.1f appends/fsync%n", t.mode(),
        t.appendsPerSecond(), t.fsyncs(), t.appendsPerFsync());
    return t;
  }

  private static double median(List<Trial> ts) {
    List<Trial> sorted = new ArrayList<>(ts);
    sorted.sort(Comparator.comparingDouble(Trial::appendsPerSecond));
    return sorted.get(sorted.size() / 2).appendsPerSecond();
  }

  /**
   * Appends and syncs for {@code seconds} in a fresh store, keeping at most {@code window} syncs
   * in flight: with a window of 1 each append waits for its own fsync.
   */
  public static Trial run(Path parent, double seconds, int recordBytes, int window)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(parent, "durable-bench");
    ExecutorService nodeLoop = Executors.newSingleThreadExecutor();
    Semaphore inFlight = new Semaphore(window);
    byte[] record = new byte[recordBytes];
    long appends = 0;
    long start;
    long end;
    long fsyncs;
    try (FileDurable d = new FileDurable(dir, nodeLoop)) {
      start = System.nanoTime();
      long stop = start + (long) (seconds * 1e9);
      while (System.nanoTime() < stop) {
        inFlight.acquire();
        if (recordBytes > 0) {
          record[(int) (appends % recordBytes)]++; // not all records alike
        }
        d.append(record);
        d.sync(inFlight::release);
        appends++;
      }
      CountDownLatch drained = new CountDownLatch(1);
      d.sync(drained::countDown);
      if (!drained.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("syncs did not complete within 60 s");
      }
      end = System.nanoTime();
      fsyncs = d.fsyncCount();
    } finally {
      nodeLoop.shutdown();
      deleteTree(dir);
    }
    String mode = window == 1 ? "one fsync per append" : "group commit w=" + window;
    return new Trial(mode, appends, (end - start) / 1e9, fsyncs);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    Files.delete(dir);
  }
}
