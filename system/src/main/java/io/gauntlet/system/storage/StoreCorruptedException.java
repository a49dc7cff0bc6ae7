package io.gauntlet.system.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A durable store found damage it must not repair by itself: a bad record before the log's tail, a
 * gap in the sequence numbers, a damaged segment header or blob. Thrown by {@link FileDurable}'s
 * constructor before anything on disk is changed, so no data is lost; the message names the file,
 * the byte offset and what is wrong.
 */
public final class StoreCorruptedException extends IOException {
  private final Path file;
  private final long offset;
  private final String problem;

  StoreCorruptedException(Path file, long offset, String problem) {
    super(file + " at byte offset " + offset + ": " + problem
        + ". Nothing was changed on disk; restore this file from a backup, or move the data"
        + " directory aside and let the node rebuild its state from its peers.");
    this.file = file;
    this.offset = offset;
    this.problem = problem;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** Byte offset in {@link #file()} where the damaged record, header or blob starts. */
  public long offset() {
    return offset;
  }

  /** What is wrong, without the file and offset. */
  public String problem() {
    return problem;
  }
}
