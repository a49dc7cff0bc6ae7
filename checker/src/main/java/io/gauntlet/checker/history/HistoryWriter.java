package io.gauntlet.checker.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes {@code history.jsonl} one event per line as it is produced (streaming; a campaign never
 * buffers its history). {@link #close()} flushes and, for files, fsyncs so a written history
 * survives a crash of the machine.
 */
public final class HistoryWriter implements Closeable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private final Writer out;
  private final FileChannel channel;

  private HistoryWriter(Writer out, FileChannel channel) {
    this.out = out;
    this.channel = channel;
  }

  /** A writer that creates (or truncates) {@code file} and fsyncs it on close. */
  public static HistoryWriter create(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
    return new HistoryWriter(new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16), ch);
  }

  /** A writer onto {@code out} (not closed by fsync; closing closes {@code out}). */
  public static HistoryWriter to(Writer out) {
    return new HistoryWriter(out, null);
  }

  /** Writes a whole history to {@code file}. */
  public static void write(Path file, Iterable<Op> ops) throws IOException {
    try (HistoryWriter w = create(file)) {
      for (Op op : ops) {
        w.write(op);
      }
    }
  }

  /** Appends one event as one line. */
  public void write(Op op) throws IOException {
    out.write(toJson(op));
    out.write('\n');
  }

  /** The JSON object of one event, fields in the order of docs/history-format.md. */
  public static String toJson(Op op) {
    java.io.StringWriter sw = new java.io.StringWriter(96);
    try (JsonGenerator g = FACTORY.createGenerator(sw)) {
      g.writeStartObject();
      g.writeNumberField("index", op.index());
      g.writeStringField("type", op.type().json());
      if (op.isNemesis()) {
        g.writeStringField("process", "nemesis");
      } else {
        g.writeNumberField("process", op.process());
      }
      g.writeStringField("f", op.f());
      if (op.key() != null) {
        g.writeStringField("key", op.key());
      }
      if (op.value() != null) {
        g.writeFieldName("value");
        MAPPER.writeTree(g, op.value());
      }
      g.writeNumberField("time", op.time());
      if (op.node() != null) {
        g.writeStringField("node", op.node());
      }
      if (op.error() != null) {
        g.writeStringField("error", op.error());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return sw.toString();
  }

  @Override
  public void close() throws IOException {
    out.flush();
    if (channel != null) {
      channel.force(true);
    }
    out.close();
  }

  /** Ensures the parent directory exists (helper for callers writing into result bundles). */
  public static void ensureParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
