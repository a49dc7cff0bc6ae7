package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to the mr commands gets a clear error and a non-zero exit. */
class MrCliTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = GauntletCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void missingInputFileIsAUsageError() {
    Run r = run("mr", "sequential", "--app", "wc", "--out", dir.toString(), dir.resolve("nope.txt").toString());
    assertEquals(GauntletCli.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("input file " + dir.resolve("nope.txt") + " does not exist"), r.err());
  }

  @Test
  void unknownAppIsAUsageErrorListingTheApps() throws Exception {
    Path f = Files.writeString(dir.resolve("a.txt"), "x");
    Run r = run("mr", "run", "--app", "wordcount", "--out", dir.toString(), f.toString());
    assertEquals(GauntletCli.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("unknown app 'wordcount'") && r.err().contains("indexer"), r.err());
  }

  @Test
  void anOutputPathThatIsAFileIsAUsageErrorBeforeAnyProcessStarts() throws Exception {
    Path f = Files.writeString(dir.resolve("in.txt"), "x y");
    Path notADir = Files.writeString(dir.resolve("file"), "");
    for (String cmd : new String[] {"run", "sequential"}) {
      Run r = cmd.equals("run")
          ? run("mr", "run", "--app", "wc", "--workers", "1", "--out", notADir.toString(), f.toString())
          : run("mr", "sequential", "--app", "wc", "--out", notADir.toString(), f.toString());
      assertEquals(GauntletCli.EXIT_USAGE, r.code(), cmd + ": " + r.err());
      assertTrue(r.err().contains("--out " + notADir + " exists and is not a directory"), r.err());
      assertTrue(!r.err().contains("Exception"), "a stack trace instead of a clear error: " + r.err());
    }
  }

  @Test
  void badFlagIsAUsageError() {
    Run r = run("mr", "coordinator", "--nreduce", "ten", "--listen", "127.0.0.1:0", "--out", dir.toString(), "x");
    assertEquals(GauntletCli.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("--nreduce"), r.err());
    Run t = run("mr", "worker", "--coordinator", "127.0.0.1:1", "--app", "wc", "--coordinator-timeout", "soon");
    assertEquals(GauntletCli.EXIT_USAGE, t.code());
    assertTrue(t.err().contains("'soon' is not a duration"), t.err());
    Run a = run("mr", "worker", "--coordinator", "localhost", "--app", "wc");
    assertEquals(GauntletCli.EXIT_USAGE, a.code());
    assertTrue(a.err().contains("'localhost' is not HOST:PORT"), a.err());
  }

  @Test
  void unreachableCoordinatorIsAnErrorAfterTheTimeout() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = run("mr", "worker", "--coordinator", "127.0.0.1:" + port, "--app", "wc", "--coordinator-timeout", "1500ms",
        "--work-dir", dir.resolve("w").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("coordinator at 127.0.0.1:" + port + " did not answer within 1500 ms"), r.err());
  }

  @Test
  void sequentialWritesTheReferenceOutput() throws Exception {
    Path f = Files.writeString(dir.resolve("a.txt"), "the cat and the hat");
    Run r = run("mr", "sequential", "--app", "wc", "--out", dir.resolve("out").toString(), f.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("and 1\ncat 1\nhat 1\nthe 2\n", Files.readString(dir.resolve("out/mr-out-0")));
    assertTrue(r.out().contains("output: " + dir.resolve("out/mr-out-0")), r.out());
  }
}
