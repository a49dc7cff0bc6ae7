package io.gauntlet.system.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The file {@value #FILE}: which files the store must hold, so that a missing one is detected on
 * open instead of silently read as "never written". It names the oldest and the newest log segment
 * (the segments between them are checked by sequence continuity) and every blob ever put (blobs
 * are never deleted). Without it, a deleted newest segment, oldest segment or blob would look like
 * a store that never had them: the node would start with less state than it acknowledged.
 *
 * <p>It is replaced atomically like a blob (temp file, fsync, rename, directory fsync) and only
 * when that set of files changes: a roll, a compaction, the first put of a blob name. Each change
 * is ordered so that a crash in the middle leaves a state that open recognises:
 * <ul>
 *   <li>roll: the new segment (header only) is created, then the manifest names it, then records
 *       go into it; a crash between leaves a header-only segment newer than the manifest's newest,
 *       which open deletes;</li>
 *   <li>compaction: the manifest moves its oldest segment forward, then the old segments are
 *       deleted; a crash between leaves segments older than the manifest's oldest, which open
 *       deletes;</li>
 *   <li>a new blob: the blob is renamed into place, then the manifest names it, then its sync
 *       callback runs; a crash between leaves a whole blob the manifest does not name, which open
 *       adopts;</li>
 *   <li>a new store: segment 1 is created, then the manifest; a crash between leaves a directory
 *       with only an empty segment 1, which open completes.</li>
 * </ul>
 *
 * <pre>
 * MANIFEST   blob file format (magic "GNTB", CRC32C, length) around:
 *            version u8 (1) | oldest segment's first seq u64 | newest segment's first seq u64 |
 *            blob count u16 | blob names (modified UTF-8, each u16 length + bytes)
 * </pre>
 */
final class Manifest {
  static final String FILE = "MANIFEST";
  private static final int VERSION = 1;

  private final Path dir;
  private long oldestSegment;
  private long newestSegment;
  private final Set<String> blobs;

  private Manifest(Path dir, long oldestSegment, long newestSegment, Set<String> blobs) {
    this.dir = dir;
    this.oldestSegment = oldestSegment;
    this.newestSegment = newestSegment;
    this.blobs = new TreeSet<>(blobs);
  }

  /** The manifest of {@code dir}, or null if the file does not exist. Changes nothing. */
  static Manifest read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    byte[] raw;
    try {
      raw = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      return null;
    }
    byte[] v = BlobStore.decode(f, raw);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(v))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new StoreCorruptedException(f, 12, "unsupported manifest version " + version
            + " (this build reads version " + VERSION + ")");
      }
      long oldest = in.readLong();
      long newest = in.readLong();
      if (oldest < 1 || newest < oldest) {
        throw new StoreCorruptedException(f, 12, "impossible segment range " + oldest + ".." + newest);
      }
      int n = in.readUnsignedShort();
      Set<String> names = new TreeSet<>();
      for (int i = 0; i < n; i++) {
        names.add(in.readUTF());
      }
      if (in.available() != 0) {
        throw new StoreCorruptedException(f, 12, in.available() + " unexpected bytes after the blob names");
      }
      return new Manifest(dir, oldest, newest, names);
    } catch (java.io.EOFException e) {
      throw new StoreCorruptedException(f, 12, "contents cut short");
    }
  }

  /** A manifest for {@code dir} not yet written; {@link #write} makes it durable. */
  static Manifest create(Path dir, long oldestSegment, long newestSegment, Set<String> blobs) {
    return new Manifest(dir, oldestSegment, newestSegment, blobs);
  }

  long oldestSegment() {
    return oldestSegment;
  }

  long newestSegment() {
    return newestSegment;
  }

  Set<String> blobs() {
    return Collections.unmodifiableSet(blobs);
  }

  /** Names a new newest segment (after it was created) and makes that durable. */
  void newestSegment(long firstSeq) throws IOException {
    newestSegment = firstSeq;
    write();
  }

  /** Moves the oldest segment forward (before older ones are deleted) and makes that durable. */
  void oldestSegment(long firstSeq) throws IOException {
    oldestSegment = firstSeq;
    write();
  }

  /** Adds blob names (after their files were renamed into place); writes only if one is new. */
  void addBlobs(Set<String> names) throws IOException {
    if (!blobs.containsAll(names)) {
      blobs.addAll(names);
      write();
    }
  }

  /** Writes the manifest: temp file, fsync, rename, directory fsync. */
  void write() throws IOException {
    if (blobs.size() > 0xffff) {
      throw new IllegalStateException("a store holds at most 65535 blob names, not " + blobs.size());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(oldestSegment);
      out.writeLong(newestSegment);
      out.writeShort(blobs.size());
      for (String b : blobs) {
        out.writeUTF(b);
      }
    }
    BlobStore.writeFile(dir, FILE, bytes.toByteArray());
    Directories.fsync(dir);
  }
}
