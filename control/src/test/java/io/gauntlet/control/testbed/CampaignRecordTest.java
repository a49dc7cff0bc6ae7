package io.gauntlet.control.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignRecordTest {
  @TempDir Path results;

  @Test
  void recordsEachTestAsItEndsAndTheFinish() throws Exception {
    CampaignRecord c = new CampaignRecord(results, "test-all", "bin/gauntlet test-all");
    Path file;
    try (Stream<Path> s = Files.list(results.resolve("campaigns"))) {
      file = s.findFirst().orElseThrow();
    }
    assertTrue(file.getFileName().toString().matches("\\d{8}T\\d{6}\\.\\d{3}Z\\.json"), file.toString());
    assertFalse(Bundle.JSON.readTree(file.toFile()).get("finished").asBoolean());
    c.add("kv", "partition", "gauntlet", 7, "invalid", results.resolve("kv-partition-local/20260101T000000.000Z"));
    c.add("kv", "kill", "gauntlet", 8, "crashed", null);
    JsonNode j = Bundle.JSON.readTree(file.toFile());
    assertEquals(2, j.get("cells").size(), "written after each test");
    assertEquals("kv-partition-local/20260101T000000.000Z", j.get("cells").get(0).get("bundle").asText());
    assertFalse(j.get("cells").get(1).has("bundle"));
    c.finish();
    assertTrue(Bundle.JSON.readTree(file.toFile()).get("finished").asBoolean());
  }

  @Test
  void theCommandLineQuotesWhatAShellWouldSplit() {
    assertEquals("bin/gauntlet test-all --nemeses 'none;kill' --time-limit 5 'it'\\''s'",
        CampaignRecord.shellLine("bin/gauntlet test-all", List.of("--nemeses", "none;kill", "--time-limit", "5", "it's")));
  }
}
