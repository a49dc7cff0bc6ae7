package io.gauntlet.system.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Named blobs (hard state, snapshot), each in its own file {@code <name>.blob}, replaced atomically:
 * the new value goes to {@code <name>.blob.tmp}, is fsynced, renamed over the old file, and the
 * directory is fsynced (by the caller, once per batch). After a crash a blob is the old or the new
 * value, never a mix; a stale {@code .tmp} from a crash mid-write is deleted on open.
 *
 * <pre>
 * blob file   magic u32 "GNTB" | crc32c u32 of (length, value) | length u32 | value
 * </pre>
 */
final class BlobStore {
  static final String SUFFIX = ".blob";
  static final String TMP_SUFFIX = ".tmp";
  private static final int MAGIC = 0x474E5442; // "GNTB"
  private static final int HEADER_BYTES = 12;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");

  private final Path dir;

  BlobStore(Path dir) {
    this.dir = dir;
  }

  /** Rejects names that are not safe as file names, before they are staged. */
  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("blob name '" + name + "' is not allowed: use 1 to 100"
          + " characters from A-Z a-z 0-9 . _ - , not starting with '.'");
    }
  }

  /** Reads and verifies every blob in the directory. */
  Map<String, byte[]> loadAll() throws IOException {
    Map<String, byte[]> blobs = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        String fileName = f.getFileName().toString();
        blobs.put(fileName.substring(0, fileName.length() - SUFFIX.length()), read(f));
      }
    }
    return blobs;
  }

  private static byte[] read(Path f) throws IOException {
    return decode(f, Files.readAllBytes(f));
  }

  /** Verifies and unwraps the contents of a file written by {@link #writeFile}. */
  static byte[] decode(Path f, byte[] b) throws StoreCorruptedException {
    if (b.length < HEADER_BYTES) {
      throw new StoreCorruptedException(f, 0, "blob header cut short (" + b.length + " of "
          + HEADER_BYTES + " bytes)");
    }
    if (LogFormat.getInt(b, 0) != MAGIC) {
      throw new StoreCorruptedException(f, 0, "not a blob: bad magic number");
    }
    long length = LogFormat.getInt(b, 8) & 0xffffffffL;
    if (length != b.length - HEADER_BYTES) {
      throw new StoreCorruptedException(f, 8, "blob length field says " + length
          + " bytes but the file holds " + (b.length - HEADER_BYTES));
    }
    int stored = LogFormat.getInt(b, 4);
    int crc = LogFormat.crc(b, 8, b.length - 8);
    if (stored != crc) {
      throw new StoreCorruptedException(f, 4, String.format(
          "bad blob CRC32C (stored 0x%08x, computed 0x%08x)", stored, crc));
    }
    byte[] value = new byte[(int) length];
    System.arraycopy(b, HEADER_BYTES, value, 0, value.length);
    return value;
  }

  /**
   * Writes {@code value} to a temp file, fsyncs it and renames it over the blob. The rename is
   * durable only after {@link Directories#fsync} of the directory, which the caller does once for
   * all blobs of a batch.
   */
  void write(String name, byte[] value) throws IOException {
    writeFile(dir, name + SUFFIX, value);
  }

  /** Replaces {@code dir/fileName} atomically with {@code value} (not yet durable: fsync the directory). */
  static void writeFile(Path dir, String fileName, byte[] value) throws IOException {
    Path target = dir.resolve(fileName);
    Path tmp = dir.resolve(fileName + TMP_SUFFIX);
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + value.length);
    buf.putInt(MAGIC).putInt(0).putInt(value.length).put(value);
    buf.putInt(4, LogFormat.crc(buf.array(), 8, buf.capacity() - 8));
    buf.flip();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
