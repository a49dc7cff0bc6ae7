package io.gauntlet.checker.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a history file in either format every command accepts: {@code history.jsonl} (our own) or
 * Jepsen's {@code history.edn}, told apart by content unless the caller names the format. A
 * directory stands for the history in it (a Gauntlet result bundle's {@code history.jsonl}, or a
 * Jepsen store directory's {@code history.edn}).
 */
public final class HistoryFiles {
  /** The two formats. */
  public enum Format {
    JSONL, EDN;

    /** Parses {@code jsonl}, {@code json} or {@code edn} (any case); throws naming the choices. */
    public static Format parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "jsonl", "json" -> JSONL;
        case "edn" -> EDN;
        default -> throw new IllegalArgumentException("unknown history format \"" + s
            + "\" (known: jsonl, edn)");
      };
    }
  }

  private HistoryFiles() {}

  /** The file a path names: itself, or for a directory its history.jsonl, else its history.edn. */
  public static Path resolve(Path path) {
    if (!Files.isDirectory(path)) {
      return path;
    }
    Path jsonl = path.resolve("history.jsonl");
    Path edn = path.resolve("history.edn");
    return Files.exists(jsonl) || !Files.exists(edn) ? jsonl : edn;
  }

  /** Reads and validates the history at {@code path} (a file or directory); null format = detect. */
  public static History read(Path path, Format format) throws IOException {
    Path file = resolve(path);
    Format f = format != null ? format : detect(file);
    return f == Format.EDN ? EdnHistoryReader.read(file) : HistoryReader.read(file);
  }

  /**
   * The format of a file by its first meaningful characters: JSONL lines open with {@code {"};
   * EDN opens with {@code {:}, a vector {@code [}, a tag {@code #}, a list or a {@code ;} comment.
   * Anything else is left to the JSONL reader, whose error names the line.
   */
  public static Format detect(Path file) throws IOException {
    byte[] head = new byte[4096];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    int i = skipSpace(head, 0, n);
    if (i >= n) {
      return file.toString().endsWith(".edn") ? Format.EDN : Format.JSONL;
    }
    switch (head[i]) {
      case '[', '#', '(', ';' -> {
        return Format.EDN;
      }
      case '{' -> {
        int j = skipSpace(head, i + 1, n);
        return j < n && head[j] == ':' ? Format.EDN : Format.JSONL;
      }
      default -> {
        return Format.JSONL;
      }
    }
  }

  private static int skipSpace(byte[] b, int from, int n) {
    int i = from;
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == ',')) {
      i++;
    }
    return i;
  }
}
