package io.gauntlet.control.testbed;

import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.Partitioner;
import io.gauntlet.system.mapreduce.Tasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checker of {@code --workload mapreduce}: a job's output must equal what {@code gauntlet mr
 * sequential} writes for the same input (the labs' test), file by file: the sequential output is
 * split by the labs' partitioner into the lines each reduce file {@code mr-out-<r>} must hold, so a
 * difference names the file, the line and both versions. Keys are taken as the text before the
 * first space, which holds for wc and indexer (their keys are words).
 */
final class MrOutputCheck {
  /**
   * The first place a job's output differs from the sequential run: {@code expected} or {@code
   * actual} is null past the end of its file; {@code missing}: no host holds the file at all.
   */
  record Difference(String file, int line, String expected, String actual, boolean missing) {
    @Override
    public String toString() {
      return file + (missing ? " is missing (it should hold " + "'" + expected + "' and more)"
          : " line " + line + ": expected " + (expected == null ? "no more lines" : "'" + expected + "'")
          + ", got " + (actual == null ? "no more lines" : "'" + actual + "'"));
    }
  }

  private final List<List<String>> expected = new ArrayList<>();

  /** Runs the app sequentially over {@code inputs} (in {@code scratch}) and splits its output into {@code nReduce} files. */
  MrOutputCheck(MapReduceApp app, List<Tasks.Input> inputs, int nReduce, Path scratch) throws IOException {
    for (int r = 0; r < nReduce; r++) {
      expected.add(new ArrayList<>());
    }
    Path out = Tasks.runSequential(app, inputs, scratch);
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (!line.isEmpty()) {
        int space = line.indexOf(' ');
        expected.get(Partitioner.partition(space < 0 ? line : line.substring(0, space), nReduce)).add(line);
      }
    }
  }

  int nReduce() {
    return expected.size();
  }

  long expectedLines() {
    return expected.stream().mapToLong(List::size).sum();
  }

  /**
   * Compares every copy of each reduce file (one per host that holds one; at least one must exist):
   * {@code copies.get(r)} are the copies of {@code mr-out-r}. Null when all are as expected.
   */
  Difference compare(List<List<Path>> copies) throws IOException {
    for (int r = 0; r < expected.size(); r++) {
      String file = "mr-out-" + r;
      List<Path> found = copies.get(r);
      if (found.isEmpty() && !expected.get(r).isEmpty()) { // an empty partition may be absent: no line is lost
        return new Difference(file, 1, expected.get(r).get(0), null, true);
      }
      for (Path f : found) {
        List<String> actual = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isEmpty()) { // as the labs' `sort mr-out* | grep .`
            actual.add(line);
          }
        }
        Difference d = firstDifference(file, expected.get(r), actual);
        if (d != null) {
          return d;
        }
      }
    }
    return null;
  }

  static Difference firstDifference(String file, List<String> want, List<String> got) {
    for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
      String w = i < want.size() ? want.get(i) : null;
      String g = i < got.size() ? got.get(i) : null;
      if (w == null || !w.equals(g)) {
        return new Difference(file, i + 1, w, g, false);
      }
    }
    return null;
  }
}
