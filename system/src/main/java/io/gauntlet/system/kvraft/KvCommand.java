package io.gauntlet.system.kvraft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A write as it travels through the Raft log, and the reply encoding. */
record KvCommand(KvOp op, String key, String value, long version) {
  byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(op.ordinal());
      out.writeUTF(key);
      out.writeUTF(value == null ? "" : value);
      out.writeLong(version);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KvCommand decode(byte[] b) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
      return new KvCommand(KvOp.values()[in.readByte()], in.readUTF(), in.readUTF(), in.readLong());
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt KV command in the log", e);
    }
  }

  static byte[] encodeReply(Err err, String value, long version) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(err.ordinal());
      out.writeUTF(value);
      out.writeLong(version);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a reply into a KvReply for {@code seq}. */
  static KvReply decodeReply(long seq, byte[] b) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
      return new KvReply(seq, Err.values()[in.readByte()], in.readUTF(), in.readLong(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
