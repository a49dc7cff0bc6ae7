package io.gauntlet.control.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A whole bundle as one zip, streamed as it is built (a bundle can hold hundreds of MB of logs).
 * Entries are named {@code <test>/<stamp>/<file>}; a symlink whose target lies outside the results
 * folder is left out, as it would not be served on its own.
 */
final class ZipDownload {
  private ZipDownload() {}

  static void write(String id, Path dir, PathConfinement confinement, OutputStream out) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String f : BundlePage.list(dir)) {
        Path file = dir.resolve(f);
        if (!confinement.servable(file)) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(id + "/" + f));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
  }

  /** The download's file name: the id with its slash made a dash, and nothing a header could trip on. */
  static String fileName(String id) {
    return id.replace('/', '-').replaceAll("[^A-Za-z0-9_.+-]", "_") + ".zip";
  }
}
