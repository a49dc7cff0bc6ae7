package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCheckerCommandTest {
  @Test
  void writesTheStandardHistoriesAndPrintsOneRowEach(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = GauntletCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(0, cl.execute("bench", "checker", "--runs", "1", "--warmup", "0", "--dir", dir.toString()));
    for (BenchCheckerCommand.Standard s : BenchCheckerCommand.STANDARD) {
      assertTrue(Files.size(dir.resolve(s.name() + ".jsonl")) > 0, s.name());
      assertTrue(out.toString().lines().anyMatch(l -> l.startsWith(s.name()) && l.contains(" valid ")),
          "a row with our verdict for " + s.name() + ":\n" + out);
    }
  }

  @Test
  void rejectsZeroRuns() {
    CommandLine cl = GauntletCli.commandLine();
    cl.setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(254, cl.execute("bench", "checker", "--runs", "0"));
    assertEquals(254, cl.execute("bench", "checker", "--time-limit", "0"));
    assertEquals(254, cl.execute("bench", "checker", "--time-limit", "-3"));
  }

  /** Start-up included: --version and one check of all the files, then Porcupine on the same files. */
  @Test
  void coldRunsFreshProcessesSideBySide(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = GauntletCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    assertEquals(0, cl.execute("bench", "checker", "--cold", "--files", "4", "--runs", "1", "--dir", dir.toString()),
        out + "\n" + err);
    try (var files = Files.list(dir.resolve("cold"))) {
      assertEquals(4, files.count());
    }
    String o = out.toString();
    assertTrue(o.contains("cold start: 4 histories"), o);
    assertTrue(o.lines().anyMatch(l -> l.matches("gauntlet --version +[0-9.]+ s")), o);
    assertTrue(o.lines().anyMatch(l -> l.matches("gauntlet check \\(all files, one JVM\\) +[0-9.]+ s")), o);
    assertTrue(o.contains("ratio ours/porcupine: ") || o.contains("porcupine: skipped"), o);
    assertEquals(254, cl.execute("bench", "checker", "--cold", "--files", "0"));
  }
}
