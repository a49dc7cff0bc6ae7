package io.gauntlet.system.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of log segments (see docs/decisions.md, "FileDurable file format").
 *
 * <pre>
 * segment file  {firstSeq, 20 digits}.seg
 *   header      magic u32 "GNTL" | version u16 | reserved u16 | firstSeq u64 | crc32c u32 of the 16 bytes before
 *   frames      length u32 | crc32c u32 of (length, seq, payload) | seq u64 | payload[length]
 * </pre>
 *
 * All integers are big-endian. The frame CRC covers the length and the sequence number too, so a
 * damaged length or sequence number is detected like damaged payload.
 */
final class LogFormat {
  static final int MAGIC = 0x474E544C; // "GNTL"
  static final short VERSION = 1;
  static final int SEGMENT_HEADER_BYTES = 20;
  static final int FRAME_HEADER_BYTES = 16;
  static final String SEGMENT_SUFFIX = ".seg";
  /** The write unit a power loss can leave unwritten (zero) while the file size grew past it. */
  static final int SECTOR_BYTES = 512;

  private LogFormat() {}

  /** The file name of the segment whose first record has sequence number {@code firstSeq}. */
  static String segmentName(long firstSeq) {
    return String.format("%020d%s", firstSeq, SEGMENT_SUFFIX);
  }

  /** The first sequence number encoded in a segment file name, or -1 if it is not a segment name. */
  static long parseSegmentName(String name) {
    if (name.length() != 20 + SEGMENT_SUFFIX.length() || !name.endsWith(SEGMENT_SUFFIX)) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(name.substring(0, 20));
  }

  static ByteBuffer segmentHeader(long firstSeq) {
    ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
    b.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(firstSeq);
    b.putInt(crc(b.array(), 0, 16));
    return b.flip();
  }

  /** Encodes one record as a frame ready to be written. */
  static byte[] frame(long seq, byte[] payload) {
    byte[] f = new byte[FRAME_HEADER_BYTES + payload.length];
    ByteBuffer b = ByteBuffer.wrap(f);
    b.putInt(payload.length).putInt(0).putLong(seq).put(payload);
    b.putInt(4, frameCrc(f, 0, payload.length));
    return f;
  }

  /** The CRC a frame starting at {@code pos} with payload length {@code length} must carry. */
  static int frameCrc(byte[] buf, int pos, int length) {
    CRC32C c = new CRC32C();
    c.update(buf, pos, 4); // length
    c.update(buf, pos + 8, 8 + length); // seq and payload
    return (int) c.getValue();
  }

  /**
   * The CRC a frame starting at {@code pos} would carry if its length field said {@code length}
   * (to tell a whole record whose length field was damaged from a record cut short).
   */
  static int frameCrcWithLength(byte[] buf, int pos, int length) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(4).putInt(length).array());
    c.update(buf, pos + 8, 8 + length);
    return (int) c.getValue();
  }

  static int crc(byte[] buf, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(buf, off, len);
    return (int) c.getValue();
  }

  static int getInt(byte[] b, int pos) {
    return ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8)
        | (b[pos + 3] & 0xff);
  }

  static long getLong(byte[] b, int pos) {
    return ((long) getInt(b, pos) << 32) | (getInt(b, pos + 4) & 0xffffffffL);
  }
}
