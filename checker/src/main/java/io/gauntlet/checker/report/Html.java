package io.gauntlet.checker.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Helpers for the self-contained HTML reports. Pages are written as well-formed XHTML (scripts in
 * CDATA sections), so tests can parse them with an XML parser and browsers read them as HTML.
 */
public final class Html {
  private Html() {}

  /** Escapes text for an XML/HTML text node or attribute value (also used by {@code gauntlet serve}'s pages). */
  public static String text(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          // characters XML 1.0 forbids (control characters other than tab and newlines)
          sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '?' : c);
        }
      }
    }
    return sb.toString();
  }

  /**
   * Makes JSON safe inside a script element: {@code <}, {@code >} and {@code &} only occur inside
   * JSON strings, where the escapes {@code \u003c}... mean the same, and then neither
   * {@code </script>} nor {@code ]]>} nor an entity can appear.
   */
  static String scriptJson(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  /** A template from this package's resources. */
  static String template(String name) {
    try (InputStream in = Html.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " missing from the checker jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code content} to {@code file} via a temporary file renamed into place. */
  static void write(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A JSON value shortened for display (a report must stay small whatever the values are). */
  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
