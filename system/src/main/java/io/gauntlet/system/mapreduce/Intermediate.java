package io.gauntlet.system.mapreduce;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Intermediate files {@code mr-<m>-<r>}: a sequence of (key, value) records, each string as a
 * 4-byte length and its UTF-8 bytes (keys and values may contain any character, newlines included).
 * Not fsynced: a worker that loses them to a machine crash loses its process too, and the
 * coordinator re-executes its map tasks.
 */
final class Intermediate {
  private Intermediate() {}

  static String name(int mapTask, int reduceTask) {
    return "mr-" + mapTask + "-" + reduceTask;
  }

  /** Partitions {@code groups} into {@code nReduce} files {@code mr-<mapTask>-<r>} in {@code dir}. */
  static void writePartitions(KeyGroups groups, int mapTask, int nReduce, Path dir) throws IOException {
    java.io.ByteArrayOutputStream[] parts = new java.io.ByteArrayOutputStream[nReduce];
    DataOutputStream[] outs = new DataOutputStream[nReduce];
    for (int r = 0; r < nReduce; r++) {
      parts[r] = new java.io.ByteArrayOutputStream(1 << 12);
      outs[r] = new DataOutputStream(parts[r]);
    }
    groups.forEachPair((k, v) -> {
      DataOutputStream out = outs[Partitioner.partition(k, nReduce)];
      writeString(out, k);
      writeString(out, v);
    });
    for (int r = 0; r < nReduce; r++) {
      outs[r].flush();
      java.io.ByteArrayOutputStream bytes = parts[r];
      AtomicFiles.write(dir.resolve(name(mapTask, r)), false, (OutputStream o) -> bytes.writeTo(o));
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /** Adds every record of one intermediate file's bytes to {@code groups}. */
  static void read(byte[] data, String source, KeyGroups groups) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    int records = 0;
    try {
      while (in.available() > 0) {
        String k = readString(in);
        String v = readString(in);
        groups.emit(k, v);
        records++;
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "intermediate data " + source + " is corrupt after record " + records + " (" + e + "); the map task must be re-executed", e);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new EOFException("string length " + n + " exceeds the remaining " + in.available() + " bytes");
    }
    byte[] b = in.readNBytes(n);
    return new String(b, StandardCharsets.UTF_8);
  }
}
