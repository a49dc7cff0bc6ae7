package io.gauntlet.system.storage;

import static io.gauntlet.system.storage.LogFormat.SEGMENT_HEADER_BYTES;

import io.gauntlet.system.runtime.Durable.Record;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmented record log on disk. Opening validates every segment without changing anything
 * ({@link #SegmentLog}); {@link #openForAppend} then repairs a torn tail and opens the newest
 * segment for writing. After that, {@link #write} and {@link #compact} are called by the syncer
 * thread only, while {@link #records} and {@link #logBytes} may be called from any thread.
 */
final class SegmentLog implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(SegmentLog.class);

  /** One segment file. The two mutable fields are guarded by {@link #lock}. */
  private static final class Segment {
    final Path path;
    final long firstSeq;
    long nextSeq; // after the last durable record
    long durableSize; // bytes known to be fsynced, header included

    Segment(Path path, long firstSeq, long nextSeq, long durableSize) {
      this.path = path;
      this.firstSeq = firstSeq;
      this.nextSeq = nextSeq;
      this.durableSize = durableSize;
    }
  }

  private final Path dir;
  private final long segmentBytes;
  private final int maxRecordBytes;
  /** Guards the segment list and each segment's durable extent, between readers and the syncer. */
  private final Object lock = new Object();
  private final List<Segment> segments = new ArrayList<>();
  private final AtomicLong fsyncs = new AtomicLong();
  private volatile long logBytes;

  // What the scan found at the end of the newest segment; applied by openForAppend.
  private int tailValidEnd = -1;
  private String tailProblem;
  /** Segments no manifest names, left by an interrupted roll or compaction; openForAppend deletes them. */
  private final List<Path> leftovers = new ArrayList<>();
  private Manifest manifest;

  // Writer state: touched only by openForAppend and then the syncer thread.
  private FileChannel active;
  private long activeSize;
  private long activeNextSeq;

  /**
   * Validates every segment in {@code dir} against {@code manifest} (null if the directory has
   * none); changes nothing on disk.
   */
  SegmentLog(Path dir, long segmentBytes, int maxRecordBytes, Manifest manifest) throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.maxRecordBytes = maxRecordBytes;
    TreeMap<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + LogFormat.SEGMENT_SUFFIX)) {
      for (Path p : ds) {
        long seq = LogFormat.parseSegmentName(p.getFileName().toString());
        if (seq < 1) {
          throw new StoreCorruptedException(p, 0, "unexpected file name: segment files are named"
              + " by their first record's sequence number, 20 digits, starting at 1");
        }
        files.put(seq, p);
      }
    }
    if (manifest != null) {
      files = namedByManifest(files, manifest);
    }
    long expected = -1;
    for (var e : files.entrySet()) {
      boolean last = e.getKey().equals(files.lastKey());
      byte[] bytes = Files.readAllBytes(e.getValue());
      SegmentScanner.Scan scan = SegmentScanner.scan(e.getValue(), bytes, e.getKey(), expected,
          last, maxRecordBytes, false);
      segments.add(new Segment(e.getValue(), scan.firstSeq(), scan.nextSeq(), scan.validEnd()));
      expected = scan.nextSeq();
      if (last && scan.tornProblem() != null) {
        tailValidEnd = scan.validEnd();
        tailProblem = "dropped bytes " + scan.validEnd() + ".." + bytes.length + " ("
            + (bytes.length - scan.validEnd()) + " bytes), which held no whole record: "
            + scan.tornProblem() + "; records up to " + (scan.nextSeq() - 1) + " are kept";
      }
    }
  }

  /**
   * The segments the manifest names (oldest to newest). Missing ones are an error; older ones are
   * left over from a compaction a crash interrupted, and one header-only segment newer than the
   * newest from a roll a crash interrupted: both are deleted by {@link #openForAppend}.
   */
  private TreeMap<Long, Path> namedByManifest(TreeMap<Long, Path> files, Manifest m)
      throws IOException {
    Path manifestFile = dir.resolve(Manifest.FILE);
    for (long seq : new long[] {m.oldestSegment(), m.newestSegment()}) {
      if (!files.containsKey(seq)) {
        String which = seq == m.newestSegment() ? "newest" : "oldest";
        throw new StoreCorruptedException(dir.resolve(LogFormat.segmentName(seq)), 0, "missing:"
            + " " + manifestFile + " names it as the " + which + " log segment, so the records it"
            + " held are lost (deleted or moved?)");
      }
    }
    leftovers.addAll(files.headMap(m.oldestSegment()).values());
    var newer = files.tailMap(m.newestSegment(), false);
    for (Path p : newer.values()) {
      byte[] b = Files.readAllBytes(p);
      if (newer.size() > 1 || b.length != SEGMENT_HEADER_BYTES) {
        throw new StoreCorruptedException(p, 0, "segment newer than the newest one "
            + manifestFile + " names (" + LogFormat.segmentName(m.newestSegment()) + ") holding "
            + b.length + " bytes: a roll a crash interrupted leaves one segment holding only its"
            + " header, so this one did not come from a crash");
      }
      SegmentScanner.checkHeader(p, b, LogFormat.parseSegmentName(p.getFileName().toString()));
      leftovers.add(p);
    }
    return new TreeMap<>(files.subMap(m.oldestSegment(), true, m.newestSegment(), true));
  }

  /** Whether the log is empty: no segment, or only segment 1 holding no record and no torn tail. */
  boolean holdsNothing() {
    return segments.isEmpty() || (segments.size() == 1 && segments.get(0).firstSeq == 1
        && segments.get(0).nextSeq == 1 && tailProblem == null);
  }

  /** Segment files with their record ranges, for messages. */
  String describe() {
    List<String> out = new ArrayList<>();
    for (Segment s : segments) {
      out.add(s.path.getFileName() + " (records " + s.firstSeq + ".." + (s.nextSeq - 1) + ")");
    }
    return out.toString();
  }

  /**
   * Deletes what interrupted rolls and compactions left, truncates a torn tail (or creates the
   * first segment), opens the newest segment, and writes the manifest if there was none.
   *
   * @param found the manifest read on open, or null for a new store (or one whose creation a
   *     crash interrupted)
   * @return the manifest now on disk
   */
  Manifest openForAppend(Manifest found) throws IOException {
    for (Path p : leftovers) {
      log.warn("Deleting {}: left by a roll or compaction that a crash interrupted ({} does not"
          + " name it; it holds no record the store still needs)", p, Manifest.FILE);
      Files.delete(p);
    }
    if (!leftovers.isEmpty()) {
      Directories.fsync(dir);
    }
    if (segments.isEmpty()) {
      createSegment(1);
    } else {
      Segment last = segments.get(segments.size() - 1);
      active = FileChannel.open(last.path, StandardOpenOption.WRITE);
      if (tailProblem != null) {
        active.truncate(tailValidEnd);
        active.force(true);
        log.warn("Repaired the torn tail of {}: truncated at byte offset {}; {}", last.path,
            tailValidEnd, tailProblem);
        last.durableSize = tailValidEnd;
      }
      active.position(last.durableSize);
      activeSize = last.durableSize;
      activeNextSeq = last.nextSeq;
      updateLogBytes();
    }
    manifest = found;
    if (manifest == null) {
      manifest = Manifest.create(dir, segments.get(0).firstSeq, segments.get(segments.size() - 1).firstSeq,
          java.util.Set.of());
      manifest.write();
    }
    return manifest;
  }

  /** The sequence number the next appended record gets. */
  long nextSeq() {
    synchronized (lock) {
      return segments.isEmpty() ? 1 : segments.get(segments.size() - 1).nextSeq;
    }
  }

  /**
   * Appends encoded frames (whose sequence numbers continue the log) and fsyncs them: one fsync for
   * the whole batch, plus one per segment rolled on the way.
   */
  void write(List<byte[]> frames) throws IOException {
    if (frames.isEmpty()) {
      return;
    }
    List<ByteBuffer> pending = new ArrayList<>();
    for (byte[] f : frames) {
      boolean activeHasRecords = activeSize > SEGMENT_HEADER_BYTES;
      if (activeHasRecords && activeSize + f.length > segmentBytes) {
        writePending(pending);
        roll();
      }
      pending.add(ByteBuffer.wrap(f));
      activeSize += f.length;
      activeNextSeq++;
    }
    writePending(pending);
    forceActive();
  }

  private void writePending(List<ByteBuffer> pending) throws IOException {
    ByteBuffer[] bufs = pending.toArray(new ByteBuffer[0]);
    long left = 0;
    for (ByteBuffer b : bufs) {
      left += b.remaining();
    }
    while (left > 0) {
      left -= active.write(bufs);
    }
    pending.clear();
  }

  private void forceActive() throws IOException {
    active.force(false); // fdatasync: data plus the file size, which is all a reader needs
    fsyncs.incrementAndGet();
    synchronized (lock) {
      Segment last = segments.get(segments.size() - 1);
      last.durableSize = activeSize;
      last.nextSeq = activeNextSeq;
    }
    updateLogBytes();
  }

  /** Seals the active segment (fully fsynced) and starts a new one. */
  private void roll() throws IOException {
    forceActive();
    active.close();
    createSegment(activeNextSeq);
    manifest.newestSegment(activeNextSeq); // before any record goes into the new segment
  }

  /**
   * Creates a segment holding only its header. The header is written to a temp file, fsynced and
   * renamed, and the directory fsynced, so a segment file under its final name always has a whole
   * header and records are only ever appended to a file that is durably there.
   */
  private void createSegment(long firstSeq) throws IOException {
    Path target = dir.resolve(LogFormat.segmentName(firstSeq));
    Path tmp = dir.resolve(target.getFileName() + BlobStore.TMP_SUFFIX);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeFully(ch, LogFormat.segmentHeader(firstSeq), 0);
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    Directories.fsync(dir);
    active = FileChannel.open(target, StandardOpenOption.WRITE);
    active.position(SEGMENT_HEADER_BYTES);
    activeSize = SEGMENT_HEADER_BYTES;
    activeNextSeq = firstSeq;
    synchronized (lock) {
      segments.add(new Segment(target, firstSeq, firstSeq, SEGMENT_HEADER_BYTES));
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    while (b.hasRemaining()) {
      position += ch.write(b, position);
    }
    ch.position(position);
  }

  /**
   * Deletes, oldest first, every sealed segment all of whose records are below
   * {@code firstSeqToKeep}, then fsyncs the directory. The active segment is never deleted: its
   * header carries the next sequence number across restarts.
   */
  void compact(long firstSeqToKeep) throws IOException {
    List<Segment> doomed = new ArrayList<>();
    synchronized (lock) {
      while (segments.size() > 1 && segments.get(1).firstSeq <= firstSeqToKeep) {
        doomed.add(segments.remove(0));
      }
    }
    if (doomed.isEmpty()) {
      return;
    }
    manifest.oldestSegment(segments.get(0).firstSeq); // before the files go: see Manifest
    for (Segment s : doomed) {
      Files.delete(s.path);
    }
    Directories.fsync(dir);
    updateLogBytes();
    log.debug("Compacted {} segments below record {}", doomed.size(), firstSeqToKeep);
  }

  /** The durable records, oldest first, read back from disk. */
  List<Record> records() throws IOException {
    synchronized (lock) {
      List<Record> all = new ArrayList<>();
      long expected = -1;
      for (Segment s : segments) {
        byte[] bytes = readPrefix(s.path, s.durableSize);
        boolean last = s == segments.get(segments.size() - 1);
        SegmentScanner.Scan scan = SegmentScanner.scan(s.path, bytes, s.firstSeq, expected, last,
            maxRecordBytes, true);
        if (scan.tornProblem() != null) {
          // Everything below durableSize was fsynced whole, so this is damage, not a torn write.
          throw new StoreCorruptedException(s.path, scan.validEnd(), "fsynced data changed while"
              + " the store was open: " + scan.tornProblem());
        }
        all.addAll(scan.records());
        expected = scan.nextSeq();
      }
      return all;
    }
  }

  private static byte[] readPrefix(Path p, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) size);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      while (b.hasRemaining()) {
        if (ch.read(b, b.position()) < 0) {
          throw new StoreCorruptedException(p, b.position(), "file shrank below its durable size "
              + size + " while the store was open");
        }
      }
    }
    return b.array();
  }

  private void updateLogBytes() {
    synchronized (lock) {
      long sum = 0;
      for (Segment s : segments) {
        sum += s.durableSize - SEGMENT_HEADER_BYTES;
      }
      logBytes = sum;
    }
  }

  /** Bytes of durable record frames in the retained segments. */
  long logBytes() {
    return logBytes;
  }

  /** How many times a segment's data was fsynced. */
  long fsyncCount() {
    return fsyncs.get();
  }

  /** How many segment files are retained. */
  int segmentCount() {
    synchronized (lock) {
      return segments.size();
    }
  }

  @Override
  public void close() throws IOException {
    if (active != null) {
      active.close();
    }
  }
}
