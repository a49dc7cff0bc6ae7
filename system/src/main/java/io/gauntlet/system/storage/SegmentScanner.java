package io.gauntlet.system.storage;

import static io.gauntlet.system.storage.LogFormat.FRAME_HEADER_BYTES;
import static io.gauntlet.system.storage.LogFormat.SEGMENT_HEADER_BYTES;
import static io.gauntlet.system.storage.LogFormat.getInt;
import static io.gauntlet.system.storage.LogFormat.getLong;

import io.gauntlet.system.runtime.Durable.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Validates one segment's bytes and tells where its whole records end.
 *
 * <p>The recovery rule (docs/decisions.md, "FileDurable: recovery rules"), etcd's: only what a crash
 * can leave is repaired, and a crash can only leave the newest segment's last record unfinished:
 * cut short (its frame header or payload runs past the end of the file) or with zero-filled
 * sectors (the file grew but the data never reached the disk). That record, and everything after
 * it, is truncated. A whole record whose CRC does not match is damage even at the very end: a
 * crash never rewrites bytes that were written, so dropping it could drop a record that was synced
 * and acknowledged. Damage followed by a valid record, damage in a sealed segment, a sequence gap
 * or a segment shorter than its header (segments are created whole) is a
 * {@link StoreCorruptedException}.
 */
final class SegmentScanner {
  private SegmentScanner() {}

  /**
   * The result of a scan.
   *
   * @param firstSeq the segment's first sequence number (from its header)
   * @param nextSeq the sequence number after the last whole record
   * @param validEnd the byte offset where the whole records end
   * @param tornProblem the unfinished last record found at {@code validEnd} (only in the newest
   *     segment), or null if the segment ended cleanly
   * @param records the records, if asked for
   */
  record Scan(long firstSeq, long nextSeq, int validEnd, String tornProblem, List<Record> records) {}

  /**
   * Scans a segment.
   *
   * @param nameSeq the first sequence number in the file's name
   * @param expectedFirstSeq the sequence number the segment must start at, or -1 for the oldest
   *     segment (which may start anywhere, because of compaction)
   * @param last whether this is the newest segment, the only one a crash can tear
   */
  static Scan scan(Path file, byte[] bytes, long nameSeq, long expectedFirstSeq, boolean last,
      int maxRecordBytes, boolean collect) throws StoreCorruptedException {
    if (bytes.length < SEGMENT_HEADER_BYTES) {
      throw new StoreCorruptedException(file, 0, "segment header cut short (" + bytes.length
          + " of " + SEGMENT_HEADER_BYTES + " bytes): a segment is created whole (temp file, fsync,"
          + " rename), so no crash leaves it shorter than its header; the file was cut and the"
          + " records it held are lost");
    }
    long firstSeq = checkHeader(file, bytes, nameSeq);
    checkStart(file, firstSeq, expectedFirstSeq);

    List<Record> records = collect ? new ArrayList<>() : null;
    long seq = firstSeq;
    int pos = SEGMENT_HEADER_BYTES;
    while (pos < bytes.length) {
      String problem = frameProblem(bytes, pos, seq, maxRecordBytes);
      if (problem != null) {
        if (last && !validFrameAfter(bytes, pos, seq, maxRecordBytes)) {
          String torn = tornWrite(bytes, pos, seq, maxRecordBytes);
          if (torn != null) {
            return new Scan(firstSeq, seq, pos, torn, records);
          }
          throw new StoreCorruptedException(file, pos, "record " + seq + ": " + problem + " in a"
              + " whole record at the end of the newest segment: a crash leaves the last record cut"
              + " short or zero-filled, never whole with wrong bytes, so this record may have been"
              + " synced and acknowledged");
        }
        throw new StoreCorruptedException(file, pos, "record " + seq + ": " + problem
            + (last ? " (valid records follow it, so this is not a torn tail from a crash)" : ""));
      }
      int length = getInt(bytes, pos);
      long found = getLong(bytes, pos + 8);
      if (found != seq) {
        throw new StoreCorruptedException(file, pos, "sequence gap: expected record " + seq
            + " but found a valid record numbered " + found);
      }
      if (collect) {
        int start = pos + FRAME_HEADER_BYTES;
        records.add(new Record(seq, Arrays.copyOfRange(bytes, start, start + length)));
      }
      pos += FRAME_HEADER_BYTES + length;
      seq++;
    }
    if (!last && seq == firstSeq) {
      // A segment is sealed only once it holds a record, so an empty sealed one was cut short.
      throw new StoreCorruptedException(file, SEGMENT_HEADER_BYTES, "sealed segment holds no"
          + " records (it was cut short; a newer segment follows it)");
    }
    return new Scan(firstSeq, seq, pos, null, records);
  }

  static long checkHeader(Path file, byte[] b, long nameSeq)
      throws StoreCorruptedException {
    if (getInt(b, 0) != LogFormat.MAGIC) {
      throw new StoreCorruptedException(file, 0, "not a segment: bad magic number 0x"
          + Integer.toHexString(getInt(b, 0)));
    }
    int storedCrc = getInt(b, 16);
    int crc = LogFormat.crc(b, 0, 16);
    if (storedCrc != crc) {
      throw new StoreCorruptedException(file, 0, "bad segment header CRC32C (stored "
          + hex(storedCrc) + ", computed " + hex(crc) + ")");
    }
    int version = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
    if (version != LogFormat.VERSION) {
      throw new StoreCorruptedException(file, 4, "unsupported segment format version " + version
          + " (this build reads version " + LogFormat.VERSION + ")");
    }
    long firstSeq = getLong(b, 8);
    if (firstSeq != nameSeq) {
      throw new StoreCorruptedException(file, 8, "header says the segment starts at record "
          + firstSeq + " but the file name says " + nameSeq);
    }
    return firstSeq;
  }

  private static void checkStart(Path file, long firstSeq, long expected)
      throws StoreCorruptedException {
    if (expected != -1 && firstSeq != expected) {
      throw new StoreCorruptedException(file, 0, "sequence gap: segment starts at record "
          + firstSeq + " but the previous segment ends before record " + expected
          + " (a segment file is missing or was renamed, or the previous one was cut short)");
    }
  }

  /** What is wrong with the frame at {@code pos}, or null if it is whole and its CRC matches. */
  private static String frameProblem(byte[] b, int pos, long seq, int maxRecordBytes) {
    int left = b.length - pos;
    if (left < FRAME_HEADER_BYTES) {
      return "partial frame header (" + left + " of " + FRAME_HEADER_BYTES + " bytes)";
    }
    long length = getInt(b, pos) & 0xffffffffL;
    if (length > maxRecordBytes) {
      return "impossible record length " + length + " (limit " + maxRecordBytes + ")";
    }
    if (length > left - FRAME_HEADER_BYTES) {
      return "record of " + length + " bytes runs past the end of the file ("
          + (left - FRAME_HEADER_BYTES) + " payload bytes present)";
    }
    int stored = getInt(b, pos + 4);
    int crc = LogFormat.frameCrc(b, pos, (int) length);
    if (stored != crc) {
      return "bad CRC32C (stored " + hex(stored) + ", computed " + hex(crc) + ")";
    }
    return null;
  }

  /**
   * What a crash left at {@code pos}, the last (damaged) record of the newest segment, or null if
   * no crash can leave it. A crash can leave: a partial frame header; a frame whose payload runs
   * past the end of the file (the length field is written first, and whole), unless the bytes
   * present are a whole record with only its length field damaged; or a frame with a zero-filled
   * sector (the file size reached the disk before the data, as etcd's WAL also allows).
   */
  private static String tornWrite(byte[] b, int pos, long seq, int maxRecordBytes) {
    int left = b.length - pos;
    if (left < FRAME_HEADER_BYTES) {
      return "record " + seq + " cut short inside its frame header (" + left + " of "
          + FRAME_HEADER_BYTES + " bytes present)";
    }
    long length = getInt(b, pos) & 0xffffffffL;
    boolean whole = length <= maxRecordBytes && length <= left - FRAME_HEADER_BYTES;
    int end = whole ? pos + FRAME_HEADER_BYTES + (int) length : b.length;
    int zeros = zeroSector(b, pos, end);
    if (zeros >= 0) {
      return "record " + seq + " has a zero-filled sector at byte offset " + zeros + " (its data"
          + " never reached the disk)";
    }
    if (whole) {
      return null; // a whole record with a bad CRC: damage, not a torn write
    }
    int present = left - FRAME_HEADER_BYTES;
    if (present <= maxRecordBytes && getLong(b, pos + 8) == seq
        && LogFormat.frameCrcWithLength(b, pos, present) == getInt(b, pos + 4)) {
      return null; // the bytes present are the whole record: its length field was damaged
    }
    return "record " + seq + " cut short: its length field says " + length + " bytes but "
        + present + " payload bytes are present";
  }

  /** The offset of the first all-zero piece of [from, to) between sector boundaries, or -1. */
  private static int zeroSector(byte[] b, int from, int to) {
    int start = from;
    while (start < to) {
      int end = Math.min(to, (start / LogFormat.SECTOR_BYTES + 1) * LogFormat.SECTOR_BYTES);
      boolean zero = true;
      for (int i = start; i < end && zero; i++) {
        zero = b[i] == 0;
      }
      if (zero) {
        return start;
      }
      start = end;
    }
    return -1;
  }

  /**
   * Whether a valid frame starts anywhere after the damaged one at {@code damaged}. A record that
   * follows the damaged one has a sequence number of at least {@code seq} and at most one more per
   * 16 bytes of distance, which filters out almost every offset before the CRC is computed.
   */
  private static boolean validFrameAfter(byte[] b, int damaged, long seq, int maxRecordBytes) {
    for (int p = damaged + 1; p + FRAME_HEADER_BYTES <= b.length; p++) {
      long s = getLong(b, p + 8);
      if (s < seq || s - seq > (p - damaged) / FRAME_HEADER_BYTES) {
        continue;
      }
      if (frameProblem(b, p, s, maxRecordBytes) == null) {
        return true;
      }
    }
    return false;
  }

  private static String hex(int v) {
    return String.format("0x%08x", v);
  }
}
