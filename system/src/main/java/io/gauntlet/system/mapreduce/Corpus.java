package io.gauntlet.system.mapreduce;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic generated text corpus (nothing is downloaded): words drawn from a seeded
 * vocabulary with a Zipf-like (log-uniform rank) distribution, as in natural text, in lines with
 * punctuation, capitalised and numeric tokens, and some non-ASCII letters, so word splitting and
 * UTF-8 handling are exercised. The same seed and sizes give byte-identical files.
 */
public final class Corpus {
  /** File names in the style of the labs' inputs; two contain "sherlock" and "tom" for early-exit. */
  public static final List<String> LAB_NAMES = List.of(
      "pg-being_ernest.txt", "pg-dorian_gray.txt", "pg-frankenstein.txt", "pg-grimm.txt",
      "pg-huckleberry_finn.txt", "pg-metamorphosis.txt", "pg-sherlock_holmes.txt", "pg-tom_sawyer.txt");

  private static final String[] ACCENTED = {"é", "ü", "ñ", "ø", "ç", "ß", "å", "ı"};

  private Corpus() {}

  /** Writes one file per name, each about {@code bytesPerFile} long; returns their paths. */
  public static List<Path> generate(Path dir, List<String> names, long bytesPerFile, long seed) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(seed);
    String[] vocabulary = vocabulary(random.split(), 60_000);
    List<Path> files = new ArrayList<>();
    for (String name : names) {
      Path f = dir.resolve(name);
      writeFile(f, vocabulary, random.split(), bytesPerFile);
      files.add(f);
    }
    return files;
  }

  /** {@code n} files named {@code part-000.txt}... totalling about {@code totalBytes}. */
  public static List<Path> generate(Path dir, int n, long totalBytes, long seed) throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(String.format("part-%03d.txt", i));
    }
    return generate(dir, names, totalBytes / n, seed);
  }

  private static String[] vocabulary(SplittableRandom random, int size) {
    String[] words = new String[size];
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < size; i++) {
      sb.setLength(0);
      int len = 1 + random.nextInt(3) + random.nextInt(8) * random.nextInt(2);
      for (int j = 0; j < len; j++) {
        if (random.nextInt(200) == 0) {
          sb.append(ACCENTED[random.nextInt(ACCENTED.length)]);
        } else {
          sb.append((char) ('a' + random.nextInt(26)));
        }
      }
      words[i] = sb.toString();
    }
    return words;
  }

  private static void writeFile(Path f, String[] vocabulary, SplittableRandom random, long bytes) throws IOException {
    double logSize = Math.log(vocabulary.length);
    StringBuilder line = new StringBuilder(256);
    long written = 0;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
      while (written < bytes) {
        line.setLength(0);
        int words = 3 + random.nextInt(12);
        for (int w = 0; w < words; w++) {
          if (w > 0) {
            line.append(random.nextInt(12) == 0 ? ", " : " ");
          }
          int rank = (int) Math.exp(random.nextDouble() * logSize) - 1;
          String word = vocabulary[Math.min(rank, vocabulary.length - 1)];
          int kind = random.nextInt(40);
          if (kind == 0) {
            line.append(random.nextInt(10_000));
          } else if (kind == 1) {
            line.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
          } else if (kind == 2) {
            line.append(word).append("'s");
          } else if (kind == 3) {
            line.append(word).append('-').append(vocabulary[random.nextInt(100)]);
          } else {
            line.append(word);
          }
        }
        line.append(random.nextInt(5) == 0 ? "?\n" : ".\n");
        byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
        out.write(b);
        written += b.length;
      }
    }
  }
}
