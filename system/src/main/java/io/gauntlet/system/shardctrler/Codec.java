package io.gauntlet.system.shardctrler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Binary encoding of log entries, replies and snapshots of the sharded services, by hand over
 * Data streams (compact and deterministic: the persisted-size bounds of the labs count these bytes).
 */
public final class Codec {
  private Codec() {}

  @FunctionalInterface
  public interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  public interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  public static byte[] encode(Writer w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      w.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes {@code b}; {@code what} names the data in the error if it is corrupt. */
  public static <T> T decode(byte[] b, String what, Reader<T> r) {
    try {
      return r.read(new DataInputStream(new ByteArrayInputStream(b)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("corrupt " + what + " (" + b.length + " bytes): " + e, e);
    }
  }
}
