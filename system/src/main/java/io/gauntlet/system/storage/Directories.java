package io.gauntlet.system.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Directory fsync: makes file creations, renames and deletions in a directory durable. */
final class Directories {
  private Directories() {}

  /**
   * Fsyncs a directory. On Linux a rename or a new file is not durable until its directory is
   * fsynced, even when the file itself was; opening a directory for reading and forcing it is how
   * the JDK reaches fsync(2) on it.
   */
  static void fsync(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
