package io.gauntlet.control.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathConfinementTest {
  @TempDir Path tmp;
  Path results;
  PathConfinement c;

  @BeforeEach
  void setUp() throws Exception {
    results = Files.createDirectories(tmp.resolve("results"));
    Path bundle = Files.createDirectories(results.resolve("t/20260101T000000.000Z"));
    Files.writeString(bundle.resolve("results.json"), "{}");
    Files.writeString(tmp.resolve("secret.txt"), "outside");
    Files.createDirectories(tmp.resolve("outside-dir"));
    Files.writeString(tmp.resolve("outside-dir/x.log"), "outside");
    Files.createSymbolicLink(bundle.resolve("escape.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(bundle.resolve("escape-dir"), tmp.resolve("outside-dir"));
    Files.createSymbolicLink(results.resolve("latest"), Path.of("t/20260101T000000.000Z"));
    c = new PathConfinement(results);
  }

  @Test
  void resolvesFilesInside() {
    assertEquals(results.resolve("t/20260101T000000.000Z/results.json").toAbsolutePath(),
        c.resolve("t/20260101T000000.000Z/results.json").orElseThrow());
    assertTrue(c.servable(c.resolve("t/20260101T000000.000Z/results.json").orElseThrow()));
  }

  @Test
  void refusesDotDotAndOtherMalformedNames() {
    for (String bad : new String[] {"..", "../secret.txt", "t/../../secret.txt", "t/./20260101T000000.000Z", "/etc/passwd",
        "t//20260101T000000.000Z", "t\\..\\..\\secret.txt", "t/\0", "t/20260101T000000.000Z/"}) {
      assertTrue(c.resolve(bad).isEmpty(), bad);
    }
  }

  @Test
  void refusesSymlinksThatLeaveTheFolder() {
    assertTrue(c.resolve("t/20260101T000000.000Z/escape.txt").isEmpty(), "file symlink to outside");
    assertTrue(c.resolve("t/20260101T000000.000Z/escape-dir/x.log").isEmpty(), "file under a symlinked folder outside");
    assertFalse(c.servable(results.resolve("t/20260101T000000.000Z/escape.txt")));
  }

  @Test
  void followsSymlinksThatStayInside() {
    assertTrue(c.resolve("latest/results.json").isPresent(), "results/latest points inside");
  }

  @Test
  void missingFilesAreNotResolved() {
    assertTrue(c.resolve("t/20260101T000000.000Z/nope.json").isEmpty());
  }
}
