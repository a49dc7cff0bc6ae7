package io.gauntlet.workloads.kvsrv;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.workloads.sim.SimHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The harness itself: a non-linearizable history fails the test and is written where it says. */
class KvsrvTestbedTest {
  @Test
  void invalidHistoryIsWrittenAndNamed() {
    KvsrvTestbed tb = new KvsrvTestbed("TestbedSelfCheck", 7, true);
    SimHistory h = new SimHistory(tb.sim(), "hand-built");
    int p = h.newProcess();
    h.invoke(p, "get", "k", null, KvsrvTestbed.SERVER);
    h.ok(p, SimHistory.JSON.objectNode().put("value", "never written").put("version", 1));
    AssertionError e = assertThrows(AssertionError.class,
        () -> tb.check(h.build(), "versioned-kv", Duration.ofSeconds(1), "kv"));
    Matcher m = Pattern.compile("history and results in (\\S+);").matcher(e.getMessage());
    assertTrue(m.find(), "the message must name where the history went: " + e.getMessage());
    Path dir = Path.of(m.group(1));
    assertTrue(Files.isRegularFile(dir.resolve("history.jsonl")), "no history.jsonl in " + dir);
    assertTrue(Files.isRegularFile(dir.resolve("results.json")), "no results.json in " + dir);
    assertTrue(dir.toString().contains("TestbedSelfCheck-kv-seed7"), "the path names test and seed: " + dir);
  }
}
