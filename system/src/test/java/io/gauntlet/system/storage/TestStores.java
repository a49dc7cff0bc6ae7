package io.gauntlet.system.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Durable.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Shared helpers for the storage tests. */
final class TestStores {
  /** Runs sync callbacks on the syncer thread; tests wait on latches instead of an event loop. */
  static final Executor DIRECT = Runnable::run;

  private TestStores() {}

  /** The seed for a randomised test: {@code -Dgauntlet.seed=S}, else a random one. */
  static long seed() {
    Long s = Long.getLong("gauntlet.seed");
    return s != null ? s : new SecureRandom().nextLong();
  }

  static FileDurable open(Path dir, long segmentBytes) throws IOException {
    return new FileDurable(dir, FileDurable.Options.defaults().withSegmentBytes(segmentBytes),
        DIRECT);
  }

  /** Calls sync and waits (bounded) for its callback. */
  static void syncNow(FileDurable d) {
    CountDownLatch done = new CountDownLatch(1);
    d.sync(done::countDown);
    try {
      assertTrue(done.await(30, TimeUnit.SECONDS), "sync callback did not run within 30 s");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The payload written for record {@code seq}: its sequence number followed by 0..maxExtra
   * pseudo-random bytes that depend only on (seed, seq), so a reader can check any recovered
   * record against what was written.
   */
  static byte[] payload(long seed, long seq, int maxExtra) {
    SplittableRandom r = new SplittableRandom(seed * 31 + seq);
    byte[] b = new byte[8 + r.nextInt(maxExtra + 1)];
    ByteBuffer.wrap(b).putLong(seq);
    for (int i = 8; i < b.length; i++) {
      b[i] = (byte) r.nextInt();
    }
    return b;
  }

  static List<Long> seqs(List<Record> records) {
    return records.stream().map(Record::seq).toList();
  }

  /** Segment files of a store, oldest first. */
  static List<Path> segments(Path dir) throws IOException {
    TreeMap<Long, Path> byName = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> {
        long seq = LogFormat.parseSegmentName(p.getFileName().toString());
        if (seq > 0) {
          byName.put(seq, p);
        }
      });
    }
    return List.copyOf(byName.values());
  }

  /** Copies the files of {@code from} (flat) into a new directory under {@code root}. */
  static Path copyStore(Path from, Path root, String name) throws IOException {
    Path to = Files.createDirectories(root.resolve(name));
    try (Stream<Path> s = Files.list(from)) {
      s.forEach(p -> {
        try {
          Files.copy(p, to.resolve(p.getFileName()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return to;
  }

  /** The contents of every file in a store, to show a failed open changed nothing. */
  static TreeMap<String, String> snapshot(Path dir) throws IOException {
    TreeMap<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        m.put(p.getFileName().toString(),
            java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
      }
    }
    return m;
  }
}
