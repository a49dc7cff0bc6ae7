package io.gauntlet.system.mapreduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads a job's result the way the labs' script compares it: {@code sort mr-out* | grep .}. */
public final class Outputs {
  private Outputs() {}

  public static List<String> sortedLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "mr-out-*")) {
      for (Path f : files) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
    }
    Collections.sort(lines);
    return lines;
  }
}
