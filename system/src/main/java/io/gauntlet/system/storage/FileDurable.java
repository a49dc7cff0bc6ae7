package io.gauntlet.system.storage;

import io.gauntlet.system.runtime.Durable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Durable} on real files: a segmented append-only log with a CRC32C per record, blobs
 * replaced by temp file + fsync + rename + directory fsync, and group commit.
 *
 * <p>Threads: the node's thread calls the {@link Durable} methods; they only stage writes and are
 * cheap. One syncer thread per store takes everything staged since its last round, writes the log
 * records and fsyncs them once, writes the blobs, applies compaction, and then hands every
 * {@code sync} callback of that round to {@code callbackExecutor} (the node's event loop), in the
 * order the syncs were called. However many syncs are in flight, one fsync of the log covers them.
 *
 * <p>Opening recovers: a torn tail of the newest segment (what a crash mid-write leaves: the last
 * record cut short or zero-filled) is cut back to the last whole record and a WARN states what was
 * dropped; files a crash left mid-roll, mid-compaction or mid-put are tidied up. Any other damage,
 * including a file that the {@link Manifest} names but that is missing, is a
 * {@link StoreCorruptedException} naming file and byte offset, thrown before anything is changed.
 * See docs/decisions.md, "FileDurable: recovery rules".
 *
 * <p>If a write or fsync fails, the store stops: later calls throw {@link IllegalStateException},
 * and callbacks of syncs that did not complete never run. After a failed fsync the kernel may have
 * dropped the dirty pages, so the only safe recovery is to restart and reopen from disk.
 */
public final class FileDurable implements Durable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileDurable.class);
  private static final String LOCK_FILE = "LOCK";

  /**
   * Tuning.
   *
   * @param segmentBytes a segment is rolled when the next record would take it past this size (a
   *     record larger than this gets a segment of its own)
   * @param maxRecordBytes the largest record {@link #append} accepts; a length field above this on
   *     disk is treated as damage
   */
  public record Options(long segmentBytes, int maxRecordBytes) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;
    private static final int LIMIT = 1 << 30; // a segment is read into one array on open

    public Options {
      if (segmentBytes < LogFormat.SEGMENT_HEADER_BYTES + LogFormat.FRAME_HEADER_BYTES
          || segmentBytes > LIMIT) {
        throw new IllegalArgumentException("segmentBytes " + segmentBytes + " must be between "
            + (LogFormat.SEGMENT_HEADER_BYTES + LogFormat.FRAME_HEADER_BYTES) + " and " + LIMIT);
      }
      if (maxRecordBytes < 0 || maxRecordBytes > LIMIT - LogFormat.FRAME_HEADER_BYTES) {
        throw new IllegalArgumentException("maxRecordBytes " + maxRecordBytes
            + " must be between 0 and " + (LIMIT - LogFormat.FRAME_HEADER_BYTES));
      }
    }

    /** 64 MiB segments, records up to 64 MiB. */
    public static Options defaults() {
      return new Options(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES);
    }

    public Options withSegmentBytes(long bytes) {
      return new Options(bytes, maxRecordBytes);
    }
  }

  /** Everything staged between two syncer rounds. */
  private record Batch(List<byte[]> frames, Map<String, byte[]> blobs, long compactBelow,
      List<Runnable> callbacks) {}

  private final Path dir;
  private final Options options;
  private final Executor callbackExecutor;
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private final SegmentLog segmentLog;
  private final BlobStore blobStore;
  /** Names the files the store must hold; written by the opener, then only by the syncer. */
  private final Manifest manifest;
  /** Durable blob values; written by the syncer after the directory fsync, read by anyone. */
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final AtomicLong rounds = new AtomicLong();
  private final Thread syncer;

  // Staging area, guarded by `stage`. The syncer swaps it out whole.
  private final ReentrantLock stage = new ReentrantLock();
  private final Condition work = stage.newCondition();
  private List<byte[]> stagedFrames = new ArrayList<>();
  private Map<String, byte[]> stagedBlobs = new LinkedHashMap<>();
  private long stagedCompact;
  private List<Runnable> stagedCallbacks = new ArrayList<>();
  private long nextSeq;
  private volatile boolean closing;
  private volatile Throwable failure;

  /** Opens (creating if needed) the store in {@code dataDir} with {@link Options#defaults()}. */
  public FileDurable(Path dataDir, Executor callbackExecutor) throws IOException {
    this(dataDir, Options.defaults(), callbackExecutor);
  }

  /**
   * Opens (creating if needed) the store in {@code dataDir} and recovers it.
   *
   * @param callbackExecutor runs {@code sync} callbacks; pass the node's event loop so they run on
   *     the node's thread
   * @throws StoreCorruptedException if the log or a blob is damaged other than by a torn tail
   * @throws IOException if the directory cannot be read or written, or another store has it open
   */
  public FileDurable(Path dataDir, Options options, Executor callbackExecutor)
      throws IOException {
    this.dir = dataDir;
    this.options = Objects.requireNonNull(options, "options");
    this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
    if (!Files.isDirectory(dataDir)) {
      Files.createDirectories(dataDir);
      // The new directory's own entry must be durable too, or a crash could lose the whole store.
      Path parent = dataDir.toAbsolutePath().getParent();
      if (parent != null) {
        Directories.fsync(parent);
      }
    }
    lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    try {
      fileLock = lock(lockChannel, dataDir);
      // Validate everything before changing anything, so damage is reported with no data lost.
      Manifest found = Manifest.read(dataDir);
      segmentLog = new SegmentLog(dataDir, options.segmentBytes(), options.maxRecordBytes(), found);
      blobStore = new BlobStore(dataDir);
      blobs.putAll(blobStore.loadAll());
      checkAgainst(found);
      deleteStaleTemps();
      manifest = segmentLog.openForAppend(found);
      java.util.Set<String> unnamed = new java.util.TreeSet<>(blobs.keySet());
      unnamed.removeAll(manifest.blobs());
      if (!unnamed.isEmpty()) {
        log.info("{}: adopting blobs {}: renamed into place by a first put whose sync a crash"
            + " interrupted before {} named them", dataDir, unnamed, Manifest.FILE);
        manifest.addBlobs(unnamed);
      }
      nextSeq = segmentLog.nextSeq();
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
    syncer = new Thread(this::runSyncer, "durable-syncer-" + dataDir.getFileName());
    syncer.setDaemon(true);
    syncer.start();
  }

  private static FileLock lock(FileChannel ch, Path dir) throws IOException {
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      throw new IOException(dir.resolve(LOCK_FILE) + " is locked: another FileDurable (in this or"
          + " another process) has " + dir + " open; stop it first");
    }
    return l;
  }

  /**
   * Refuses a directory that lacks a file its manifest names, or that has data but no manifest.
   * Without a manifest, only an empty directory (or one holding just the empty first segment that
   * an interrupted creation left) is a store; anything else lost its manifest, and what else it
   * lost cannot be told.
   */
  private void checkAgainst(Manifest found) throws StoreCorruptedException {
    Path manifestFile = dir.resolve(Manifest.FILE);
    if (found == null) {
      if (!blobs.isEmpty() || !segmentLog.holdsNothing()) {
        throw new StoreCorruptedException(manifestFile, 0, "missing, but the directory holds log"
            + " segments " + segmentLog.describe() + " and blobs " + blobs.keySet() + ": the"
            + " manifest, which names the files the store must hold, was deleted (or the"
            + " directory was written by a build before manifests, which cannot be verified)");
      }
      return;
    }
    for (String name : found.blobs()) {
      if (!blobs.containsKey(name)) {
        throw new StoreCorruptedException(dir.resolve(name + BlobStore.SUFFIX), 0, "missing: "
            + manifestFile + " names blob '" + name + "', so its durable value is lost (deleted or"
            + " moved?); for Raft's hard state that is the term and vote, and a node that forgot"
            + " its vote could vote twice in one term");
      }
    }
  }

  /** Deletes temp files a crash left behind mid-put or mid-roll; they were never durable data. */
  private void deleteStaleTemps() throws IOException {
    boolean any = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + BlobStore.TMP_SUFFIX)) {
      for (Path p : ds) {
        log.info("Deleting stale temp file {} left by an interrupted write", p);
        Files.delete(p);
        any = true;
      }
    }
    if (any) {
      Directories.fsync(dir);
    }
  }

  @Override
  public long append(byte[] record) {
    Objects.requireNonNull(record, "record");
    if (record.length > options.maxRecordBytes()) {
      throw new IllegalArgumentException("record of " + record.length + " bytes exceeds"
          + " maxRecordBytes " + options.maxRecordBytes());
    }
    stage.lock();
    try {
      checkUsable();
      long seq = nextSeq++;
      stagedFrames.add(LogFormat.frame(seq, record));
      return seq;
    } finally {
      stage.unlock();
    }
  }

  @Override
  public void put(String name, byte[] value) {
    BlobStore.checkName(name);
    byte[] copy = value.clone();
    stage.lock();
    try {
      checkUsable();
      stagedBlobs.put(name, copy);
    } finally {
      stage.unlock();
    }
  }

  @Override
  public void compact(long firstSeqToKeep) {
    stage.lock();
    try {
      checkUsable();
      stagedCompact = Math.max(stagedCompact, firstSeqToKeep);
    } finally {
      stage.unlock();
    }
  }

  @Override
  public void sync(Runnable onDurable) {
    Objects.requireNonNull(onDurable, "onDurable");
    stage.lock();
    try {
      checkUsable();
      stagedCallbacks.add(onDurable);
      work.signal();
    } finally {
      stage.unlock();
    }
  }

  @Override
  public List<Record> records() {
    checkUsable();
    try {
      return segmentLog.records();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the log in " + dir, e);
    }
  }

  @Override
  public byte[] get(String name) {
    byte[] v = blobs.get(name);
    return v == null ? null : v.clone();
  }

  @Override
  public long logBytes() {
    return segmentLog.logBytes();
  }

  /** The sequence number the next {@link #append} will return. */
  public long nextSeq() {
    stage.lock();
    try {
      return nextSeq;
    } finally {
      stage.unlock();
    }
  }

  /** How many times log data was fsynced since open: one per syncer round, plus one per roll. */
  public long fsyncCount() {
    return segmentLog.fsyncCount();
  }

  /** How many syncer rounds (each covering every sync called before it started) completed. */
  public long syncRounds() {
    return rounds.get();
  }

  /** How many segment files the log holds now. */
  public int segmentCount() {
    return segmentLog.segmentCount();
  }

  /** The data directory. */
  public Path dataDir() {
    return dir;
  }

  private void checkUsable() {
    Throwable f = failure;
    if (f != null) {
      throw new IllegalStateException("FileDurable in " + dir + " failed and accepts no more"
          + " writes; restart the node to recover from what is on disk", f);
    }
    if (closing) {
      throw new IllegalStateException("FileDurable in " + dir + " is closed");
    }
  }

  private void runSyncer() {
    try {
      runRounds();
    } finally {
      releaseFiles();
    }
  }

  private void runRounds() {
    while (true) {
      Batch batch;
      stage.lock();
      try {
        while (stagedCallbacks.isEmpty() && !closing) {
          work.awaitUninterruptibly();
        }
        if (closing && stagedCallbacks.isEmpty() && stagedFrames.isEmpty()
            && stagedBlobs.isEmpty() && stagedCompact == 0) {
          return;
        }
        batch = new Batch(stagedFrames, stagedBlobs, stagedCompact, stagedCallbacks);
        stagedFrames = new ArrayList<>();
        stagedBlobs = new LinkedHashMap<>();
        stagedCompact = 0;
        stagedCallbacks = new ArrayList<>();
      } finally {
        stage.unlock();
      }
      try {
        makeDurable(batch);
      } catch (Throwable t) {
        failure = t;
        log.error("FileDurable in {} failed; {} sync callbacks will not run", dir,
            batch.callbacks().size(), t);
        return;
      }
      rounds.incrementAndGet();
      for (Runnable cb : batch.callbacks()) {
        try {
          callbackExecutor.execute(cb);
        } catch (RejectedExecutionException e) {
          log.warn("Sync callback rejected by the node's executor (shutting down?): {}", e.toString());
        } catch (RuntimeException e) {
          // Only a same-thread executor gets here: the callback itself threw. Keep syncing.
          log.error("Sync callback threw", e);
        }
      }
    }
  }

  /** The contract's order: log records, then blobs, then compaction. */
  private void makeDurable(Batch b) throws IOException {
    segmentLog.write(b.frames());
    for (var e : b.blobs().entrySet()) {
      blobStore.write(e.getKey(), e.getValue());
    }
    if (!b.blobs().isEmpty()) {
      Directories.fsync(dir);
      manifest.addBlobs(b.blobs().keySet()); // a new name: before its callback runs
      blobs.putAll(b.blobs());
    }
    if (b.compactBelow() > 0) {
      segmentLog.compact(b.compactBelow());
    }
  }

  /**
   * Makes every staged write durable, hands the pending callbacks to the executor, stops the syncer
   * and releases the directory (the syncer does that as it exits). Idempotent. Callable from a
   * sync callback, in which case it does not wait for the syncer to finish.
   */
  @Override
  public void close() {
    stage.lock();
    try {
      if (closing) {
        return;
      }
      closing = true;
      work.signal();
    } finally {
      stage.unlock();
    }
    boolean interrupted = false;
    while (syncer.isAlive() && Thread.currentThread() != syncer) {
      try {
        syncer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the files and releases the directory lock; run by the syncer as it exits. */
  private void releaseFiles() {
    try {
      segmentLog.close();
      fileLock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.warn("Closing FileDurable in {}: {}", dir, e.toString());
    }
  }
}
