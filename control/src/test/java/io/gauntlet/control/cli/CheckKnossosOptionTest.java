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

/** {@code check --checker knossos} refuses a missing jar as a bad argument, saying where to get one. */
class CheckKnossosOptionTest {
  @TempDir Path dir;

  @Test
  void aMissingKnossosJarExits254AndPointsToClojars() throws Exception {
    Path h = Files.writeString(dir.resolve("h.jsonl"),
        "{\"index\":0,\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1,\"time\":0}\n");
    StringWriter err = new StringWriter();
    CommandLine cl = GauntletCli.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("check", "--checker", "knossos", "--knossos-jar", dir.resolve("knossos.jar").toString(),
        h.toString());
    assertEquals(254, code, err.toString());
    assertTrue(err.toString().contains("knossos.jar: no such file") && err.toString().contains("Clojars"),
        err.toString());
  }
}
