package io.gauntlet.control.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gauntlet.workloads.live.OpStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress display's live.json, which `gauntlet serve` reads while a test runs. */
class ProgressLiveTest {
  @TempDir Path dir;

  @Test
  void writesProgressEachSecondAndMarksItFinished() throws Exception {
    OpStats stats = new OpStats();
    stats.ok.set(41);
    stats.fail.set(2);
    String[] fault = {"kill n2"};
    Path live = dir.resolve("live.json");
    Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), System.nanoTime(), Duration.ofSeconds(60), stats,
        () -> fault[0], live);
    p.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.exists(live) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    JsonNode j = Bundle.JSON.readTree(live.toFile());
    assertEquals(41, j.get("ok").asLong());
    assertEquals(2, j.get("fail").asLong());
    assertEquals("kill n2", j.get("fault").asText());
    assertEquals(60.0, j.get("time-limit-s").asDouble());
    assertFalse(j.get("finished").asBoolean());
    assertTrue(Math.abs(System.currentTimeMillis() - j.get("updated").asLong()) < 10_000);
    p.phase("recovering");
    assertEquals("recovering", Bundle.JSON.readTree(live.toFile()).get("phase").asText());
    p.stop();
    Thread.sleep(1200); // a last tick of the drawing thread must not undo "finished"
    JsonNode done = Bundle.JSON.readTree(live.toFile());
    assertTrue(done.get("finished").asBoolean());
    assertEquals("checking", done.get("phase").asText());
    assertFalse(Files.exists(dir.resolve("live.json.tmp")));
  }
}
