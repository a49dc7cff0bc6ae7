package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMrCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = GauntletCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  static Set<Path> benchFolders() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("gauntlet-bench-mr-")).collect(Collectors.toSet());
    }
  }

  @Test
  void sparkWithoutPysparkFailsBeforeAnyWork() throws Exception {
    Set<Path> before = benchFolders();
    assertEquals(254, run("bench", "mr", "--spark", "--python", "/no/such/python3", "--mb", "200"));
    assertTrue(err.toString().startsWith("error: --spark needs PySpark: cannot run '/no/such/python3'"), err.toString());
    assertTrue(err.toString().contains("pip install pyspark"), err.toString());
    assertEquals("", out.toString(), "no corpus generated, nothing run");
    assertEquals(before, benchFolders(), "no temp folder made");
  }

  @Test
  void aSuccessfulRunLeavesNoTempFolderBehind() throws Exception {
    Set<Path> before = benchFolders();
    assertEquals(0, run("bench", "mr", "--mb", "1", "--files", "2", "--workers", "1", "--nreduce", "2", "--no-cds"),
        out + "\n" + err);
    assertTrue(out.toString().contains("outputs equal"), out.toString());
    assertEquals(before, benchFolders(), "the run's temp folder was removed");
  }

  @Test
  void everyCountIsValidated() throws Exception {
    Set<Path> before = benchFolders();
    for (String flag : new String[] {"--mb", "--files", "--repeat", "--workers", "--nreduce"}) {
      err.getBuffer().setLength(0);
      assertEquals(254, run("bench", "mr", flag, "0"), flag);
      assertTrue(err.toString().contains(flag + " must be at least 1, got 0"), err.toString());
    }
    assertEquals(before, benchFolders());
  }
}
