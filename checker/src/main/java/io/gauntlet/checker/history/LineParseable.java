package io.gauntlet.checker.history;

import java.io.IOException;
import java.io.Reader;
import us.bpsm.edn.parser.Parseable;

/**
 * The characters of an EDN file for edn-java's parser, counting lines so that every error can name
 * the line it is on. Also lets the caller peek past whitespace and comments, which is how a
 * top-level vector of ops (Knossos's test files) is read one op at a time.
 */
final class LineParseable implements Parseable {
  private final Reader in;
  private final int[] pushed = new int[8];
  private int npushed;
  private long line = 1;

  LineParseable(Reader in) {
    this.in = in;
  }

  /** The 1-based line of the next character to be read. */
  long line() {
    return line;
  }

  @Override
  public int read() throws IOException {
    int c = npushed > 0 ? pushed[--npushed] : in.read();
    if (c == '\n') {
      line++;
    }
    return c < 0 ? END_OF_INPUT : c;
  }

  @Override
  public void unread(int c) {
    if (c == '\n') {
      line--;
    }
    pushed[npushed++] = c;
  }

  /**
   * Skips EDN whitespace (commas included) and {@code ;} comments, and returns the next character
   * without consuming it ({@link #END_OF_INPUT} at the end).
   */
  int peekPastWhitespace() throws IOException {
    while (true) {
      int c = read();
      if (c == ';') {
        while (c != '\n' && c != END_OF_INPUT) {
          c = read();
        }
        continue;
      }
      if (c == END_OF_INPUT || !(Character.isWhitespace(c) || c == ',')) {
        if (c != END_OF_INPUT) {
          unread(c);
        }
        return c;
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
