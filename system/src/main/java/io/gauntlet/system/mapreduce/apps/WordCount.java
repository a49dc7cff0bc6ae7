package io.gauntlet.system.mapreduce.apps;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import java.util.List;

/**
 * The labs' {@code wc}: a word is a maximal run of letters ({@code Character.isLetter}, the same
 * Unicode letter categories as Go's {@code unicode.IsLetter}); the output is each word's count.
 */
public final class WordCount implements MapReduceApp {
  @Override
  public void map(String filename, String contents, Emitter out) {
    int n = contents.length();
    int i = 0;
    while (i < n) {
      while (i < n && !letterAt(contents, i)) {
        i += Character.charCount(contents.codePointAt(i));
      }
      int start = i;
      while (i < n && letterAt(contents, i)) {
        i += Character.charCount(contents.codePointAt(i));
      }
      if (i > start) {
        out.emitCount(contents, start, i, 1);
      }
    }
  }

  private static boolean letterAt(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x80) {
      return (char) ((c | 0x20) - 'a') < 26; // ASCII fast path
    }
    return Character.isLetter(s.codePointAt(i));
  }

  @Override
  public String reduce(String key, List<String> values) {
    long sum = 0;
    for (String v : values) {
      sum += Long.parseLong(v);
    }
    return Long.toString(sum);
  }

  @Override
  public boolean valuesAreCounts() {
    return true;
  }
}
