package io.gauntlet.system.mapreduce;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either no file or the whole file: write a uniquely named temp
 * file in the same directory, optionally fsync it, rename it over the target, fsync the directory.
 * Two attempts of the same task race harmlessly: both rename complete, identical content.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  @FunctionalInterface
  interface Body {
    void write(OutputStream out) throws IOException;
  }

  static void write(Path target, boolean fsync, Body body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // A hidden name, so that an attempt killed mid-write never matches the output glob mr-out-*.
    Path tmp = Files.createTempFile(dir, "." + target.getFileName().toString() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
        body.write(out);
        out.flush();
        if (fsync) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    if (fsync) {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // Some file systems cannot open a directory for fsync; the rename is still atomic.
      }
    }
  }
}
