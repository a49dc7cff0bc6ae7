package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gauntlet soak}: campaigns back to back from a matrix; one whose cluster never comes up is
 * recorded as crashed with the reason, the next starts from clean, the summary names both, and the
 * exit code says something went wrong.
 */
class SoakCommandTest {
  @Test
  void aCrashedCampaignIsRecordedAndTheNextRunsFromClean(@TempDir Path dir) throws Exception {
    Path matrix = dir.resolve("matrix.json");
    // The etcd cell gets /bin/false as its etcd: its members exit at once, so its cluster never comes up.
    Files.writeString(matrix, "{\"workloads\": [\"kv\"], \"nemeses\": [\"kill\"], \"db\": [\"etcd\", \"gauntlet\"],"
        + " \"options\": [\"--cluster\", \"local\", \"--nodes\", \"3\", \"--time-limit\", \"5\", \"--nemesis-interval\", \"1\","
        + " \"--recovery\", \"1\", \"--concurrency\", \"3\"]}");
    Path results = dir.resolve("results");
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("soak", "--hours", "1", "--campaigns", "2", "--matrix", matrix.toString(),
        "--etcd-bin", "/bin/false", "--seed", "5", "--results", results.toString());
    assertEquals(2, r.code(), "a crashed campaign must make the soak exit 2:\n" + r.out() + r.err());
    assertTrue(r.out().contains("2 campaigns, 1 valid, 0 invalid, 0 unknown, 1 crashed"), r.out());
    Path soak;
    try (var s = Files.list(results)) {
      soak = s.filter(p -> p.getFileName().toString().startsWith("soak-")).findFirst().orElseThrow();
    }
    JsonNode summary = new ObjectMapper().readTree(soak.resolve("summary.json").toFile());
    assertEquals("finished: 2 campaigns", summary.get("state").asText());
    JsonNode first = summary.get("campaigns").get(0);
    JsonNode second = summary.get("campaigns").get(1);
    assertEquals("crashed", first.get("verdict").asText());
    assertTrue(first.get("error").asText().contains("etcd member n1 exited"), "the reason is not given: " + first);
    assertEquals(5, first.get("seed").asLong());
    assertEquals("valid", second.get("verdict").asText(), "the campaign after a crash did not start from clean: " + second);
    assertEquals(6, second.get("seed").asLong());
    assertTrue(Files.exists(soak.resolve(second.get("bundle").asText()).resolve("results.json")),
        "the summary's link does not lead to the bundle: " + second.get("bundle"));
    String html = Files.readString(soak.resolve("index.html"));
    assertTrue(html.contains("class=\"crashed\"") && html.contains("class=\"valid\"") && html.contains(second.get("bundle").asText()), html);
  }

  @Test
  void aBadMatrixIsNamedBeforeAnyCampaign(@TempDir Path dir) throws Exception {
    Path matrix = dir.resolve("matrix.json");
    Files.writeString(matrix, "{\"workloads\": [\"kv\"], \"nemesis\": [\"kill\"]}");
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("soak", "--hours", "1", "--matrix", matrix.toString(),
        "--results", dir.resolve("results").toString());
    assertEquals(GauntletCli.EXIT_USAGE, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("unknown field 'nemesis'"), r.err());
    Files.writeString(matrix, "{\"workloads\": [\"kv\", \"bank\"], \"options\": [\"--cluster\", \"local\"]}");
    r = SimRaftCommandTest.run("soak", "--hours", "1", "--matrix", matrix.toString(), "--results", dir.resolve("results").toString());
    assertEquals(GauntletCli.EXIT_USAGE, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--workload must be kv, register, versioned-kv, lock, shardkv or mapreduce, got 'bank'"), r.err());
    assertTrue(!Files.exists(dir.resolve("results")), "a campaign ran before the matrix was checked");
  }

  @Test
  void theCommandThatRepeatsACampaignGivesTheSameOptions() {
    TestCommand test = new TestCommand();
    var owner = new picocli.CommandLine(new SoakCommand());
    var o = MatrixCell.parse(owner, test, java.util.List.of("--cluster", "local", "--nodes", "3", "--time-limit", "7.5",
        "--concurrency", "4", "--rate", "50", "--keys", "3", "--ops-per-key", "40", "--recovery", "2"), "register",
        "kill,pause", "gauntlet", 42L, null, false);
    assertRepeats(o);
    o = MatrixCell.parse(owner, new TestCommand(), java.util.List.of("--cluster", "local", "--nodes", "3", "--mr-app",
        "indexer", "--mr-task-timeout", "1.5"), "mapreduce", "kill", "gauntlet", 43L, null, false);
    assertRepeats(o); // without the client options, which mapreduce refuses
  }

  private static void assertRepeats(io.gauntlet.control.testbed.TestOptions o) {
    String command = MatrixCell.command(o);
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
    assertEquals(java.util.List.of("bin/gauntlet", "test"), args.subList(0, 2), command);
    TestCommand again = new TestCommand();
    new picocli.CommandLine(again).parseArgs(args.subList(2, args.size()).toArray(new String[0]));
    var back = again.options();
    assertEquals(o.withName(back.name()), back, "the command " + command + " does not repeat the run");
  }
}
