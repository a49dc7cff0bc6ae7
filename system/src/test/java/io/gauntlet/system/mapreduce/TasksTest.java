package io.gauntlet.system.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksTest {
  @TempDir Path dir;

  @Test
  void wordCountSplitsOnNonLettersIncludingUnicode() throws IOException {
    Path f = dir.resolve("in.txt");
    Files.writeString(f, "Hello, hello wörld! 42 x-y naïve\tnaïve\n", StandardCharsets.UTF_8);
    Path out = Tasks.runSequential(Apps.load("wc"), List.of(new Tasks.Input("in.txt", f)), dir.resolve("seq"));
    assertEquals(List.of("Hello 1", "hello 1", "naïve 2", "wörld 1", "x 1", "y 1"), Files.readAllLines(out));
  }

  @Test
  void invalidUtf8BytesSplitWordsLikeGo() throws IOException {
    Path f = dir.resolve("bad.txt");
    Files.write(f, new byte[] {'a', 'b', (byte) 0xff, 'c', 'd'});
    Path out = Tasks.runSequential(Apps.load("wc"), List.of(new Tasks.Input("bad.txt", f)), dir.resolve("seq"));
    assertEquals(List.of("ab 1", "cd 1"), Files.readAllLines(out));
  }

  /**
   * Map tasks (sharing one reused buffer) + partitioned intermediate files + reduce tasks give
   * exactly the sequential result.
   */
  @Test
  void partitionedRunEqualsSequentialForEveryDeterministicApp() throws IOException {
    long seed = Long.getLong("gauntlet.seed", System.nanoTime());
    List<Path> files = Corpus.generate(dir.resolve("corpus"), Corpus.LAB_NAMES, 20_000, seed);
    List<Tasks.Input> inputs = new ArrayList<>();
    for (Path p : files) {
      inputs.add(new Tasks.Input(p.getFileName().toString(), p));
    }
    for (String app : List.of("wc", "indexer", "early-exit-fast", "nocrash")) {
      MapReduceApp a = app.equals("early-exit-fast") ? new CountValues() : Apps.load(app);
      Path seq = dir.resolve(app + "-seq");
      Tasks.runSequential(a, inputs, seq);
      Path inter = dir.resolve(app + "-inter");
      Path out = dir.resolve(app + "-out");
      int nReduce = 7;
      KeyGroups reused = new KeyGroups(a); // as a worker does: one buffer for all its map tasks
      for (int m = 0; m < inputs.size(); m++) {
        Tasks.runMap(a, reused, inputs.get(m), m, nReduce, inter);
      }
      for (int r = 0; r < nReduce; r++) {
        List<byte[]> parts = new ArrayList<>();
        for (int m = 0; m < inputs.size(); m++) {
          parts.add(Files.readAllBytes(Tasks.intermediate(inter, m, r)));
        }
        Tasks.runReduce(a, r, parts, out);
      }
      List<String> expected = Outputs.sortedLines(seq);
      assertTrue(expected.size() >= 2, app + " produced no output");
      assertEquals(expected, Outputs.sortedLines(out), "app " + app + ", seed " + seed);
    }
  }

  /** early-exit without the sleep: one pair per file, counted. */
  public static final class CountValues implements MapReduceApp {
    @Override
    public void map(String filename, String contents, Emitter out) {
      out.emit(filename, "1");
      out.emit("line\nbreak\tkey", contents.substring(0, 3));
    }

    @Override
    public String reduce(String key, List<String> values) {
      return values.size() + "";
    }
  }

  @Test
  void corruptIntermediateDataIsAClearError() {
    KeyGroups g = new KeyGroups(Apps.load("indexer"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Intermediate.read(new byte[] {0, 0, 0, 1, 'a', 0, 0, 9, 9}, "mr-3-4", g));
    assertTrue(e.getMessage().contains("mr-3-4 is corrupt after record 0"), e.getMessage());
  }

  @Test
  void unknownAppNamesTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Apps.load("wordcount"));
    assertTrue(e.getMessage().contains("unknown app 'wordcount'") && e.getMessage().contains("wc"), e.getMessage());
  }
}
