package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
  @TempDir Path dir;
  Path valid;
  Path invalid;
  Path hard;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  static String op(int index, String type, int process, String f, String value) {
    return "{\"index\":" + index + ",\"type\":\"" + type + "\",\"process\":" + process + ",\"f\":\"" + f
        + "\",\"value\":" + value + ",\"time\":" + index + "}\n";
  }

  @BeforeEach
  void files() throws Exception {
    valid = Files.writeString(dir.resolve("valid.jsonl"),
        op(0, "invoke", 1, "write", "3") + op(1, "ok", 1, "write", "3")
            + op(2, "invoke", 2, "read", "null") + op(3, "ok", 2, "read", "3"));
    invalid = Files.writeString(dir.resolve("invalid.jsonl"),
        op(0, "invoke", 1, "write", "3") + op(1, "ok", 1, "write", "3")
            + op(2, "invoke", 2, "read", "null") + op(3, "ok", 2, "read", "4"));
    // 16 crashed writes and then a read of a value nobody wrote: to prove it invalid the search
    // must try every subset of the crashed writes (2^16), far beyond a 1 ms limit
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (int p = 0; p < 16; p++) {
      sb.append(op(i++, "invoke", p, "write", Integer.toString(p)));
    }
    for (int p = 0; p < 16; p++) {
      sb.append(op(i++, "info", p, "write", Integer.toString(p)));
    }
    sb.append(op(i++, "invoke", 20, "read", "null"));
    sb.append(op(i++, "ok", 20, "read", "99"));
    hard = Files.writeString(dir.resolve("hard.jsonl"), sb.toString());
  }

  int run(String... args) {
    CommandLine cl = GauntletCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void aMapreduceHistoryIsNamedAsSuchNotAsAnUnknownModel() throws Exception {
    Path jobs = Files.writeString(dir.resolve("jobs.jsonl"),
        op(0, "invoke", 0, "job", "{\"job\":0}") + op(1, "ok", 0, "job", "{\"job\":0,\"output\":\"equal\"}"));
    assertEquals(GauntletCli.EXIT_USAGE, run("check", jobs.toString()), out.toString() + err);
    assertTrue(err.toString().contains("this is a mapreduce test's history (one op per job)"), err.toString());
  }

  @Test
  void validFileExitsZeroWithOneLineStartingWithThePath() {
    assertEquals(0, run("check", "--model", "register", valid.toString()), err.toString());
    String line = out.toString().trim();
    assertTrue(line.matches(java.util.regex.Pattern.quote(valid.toString()) + " valid \\d+ ms 2 ops"), line);
  }

  @Test
  void anyInvalidExitsOneAndResultsJsonExplainsIt() throws Exception {
    Path res = dir.resolve("res");
    assertEquals(1, run("check", valid.toString(), invalid.toString(), "--out", res.toString()));
    String[] lines = out.toString().trim().split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[1].startsWith(invalid + " invalid "), lines[1]);
    JsonNode json = new ObjectMapper().readTree(res.resolve("results.json").toFile());
    assertFalse(json.get("valid").booleanValue());
    JsonNode second = json.get("checks").get(1).get("linearizability");
    assertEquals("register", second.get("model").textValue(), "model guessed from read/write");
    assertEquals(2, second.get("violation").get("culprit").get("invokeIndex").intValue());
  }

  @Test
  void unknownExitsTwoWithTheCause() {
    assertEquals(2, run("check", "--model", "register", "--time-limit", "0.001", hard.toString()), err.toString());
    assertTrue(out.toString().trim().endsWith("time limit of 0.001 s reached"), out.toString());
  }

  @Test
  void invalidWinsOverUnknown() {
    assertEquals(1, run("check", "--model", "register", "--time-limit", "0.001", hard.toString(),
        invalid.toString()));
    String[] lines = out.toString().trim().split("\n");
    assertTrue(lines[0].startsWith(hard + " unknown "), lines[0]);
    assertTrue(lines[1].startsWith(invalid + " invalid "), lines[1]);
  }

  @Test
  void badHistoryFileIsNamedWithItsLineAndExits254() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.jsonl"),
        op(0, "invoke", 1, "write", "3") + op(1, "ok", 2, "write", "3"));
    assertEquals(254, run("check", bad.toString(), valid.toString()));
    assertTrue(err.toString().contains("bad.jsonl line 2: completion for process 2 has no open invoke"),
        err.toString());
    assertTrue(out.toString().contains(valid + " valid"), "other files are still checked");
  }

  @Test
  void badArgumentsExit254() {
    assertEquals(254, run("check", "--model", "nope", valid.toString()));
    assertTrue(err.toString().contains("unknown model \"nope\""), err.toString());
    assertEquals(254, run("check", "--init", "{bad", valid.toString()));
    assertEquals(254, run("check", "--checker", "knossos", valid.toString()));
    assertTrue(err.toString().contains("--knossos-jar"), err.toString());
    assertEquals(254, run("check"));
    assertEquals(254, run("check", dir.resolve("missing.jsonl").toString()));
    assertTrue(err.toString().contains("missing.jsonl: no such file"), err.toString());
  }

  @Test
  void initSetsTheStartingValue() {
    Path readFive = dir.resolve("five.jsonl");
    try {
      Files.writeString(readFive, op(0, "invoke", 1, "read", "null") + op(1, "ok", 1, "read", "5"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertEquals(1, run("check", readFive.toString()));
    assertEquals(0, run("check", "--init", "5", readFive.toString()));
  }

  @Test
  void aResultBundleDirectoryMeansItsHistory() throws Exception {
    Path bundle = Files.createDirectories(dir.resolve("bundle"));
    Files.copy(invalid, bundle.resolve("history.jsonl"));
    assertEquals(1, run("check", bundle.toString()));
    assertTrue(out.toString().startsWith(bundle + " invalid "), out.toString());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(254, run("check", empty.toString()));
    assertTrue(err.toString().contains("history.jsonl: no such file"), err.toString());
  }

  @Test
  void ednExportWritesOneMapPerOp() throws Exception {
    Path edn = dir.resolve("history.edn");
    assertEquals(0, run("edn", valid.toString(), "--out", edn.toString()));
    java.util.List<String> lines = Files.readAllLines(edn);
    assertEquals(4, lines.size());
    assertEquals("{:index 3, :type :ok, :process 2, :f :read, :value 3, :time 3}", lines.get(3));
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), op(0, "ok", 1, "read", "3"));
    assertEquals(254, run("edn", bad.toString()));
    assertTrue(err.toString().contains("bad.jsonl line 1: completion for process 1 has no open invoke"), err.toString());
  }

  @Test
  void invalidPrintsTheCulpritAndUnknownTheReason() {
    assertEquals(1, run("check", invalid.toString()));
    assertEquals(invalid + " invalid", out.toString().substring(0, (invalid + " invalid").length()));
    assertTrue(out.toString().trim().endsWith(": process 2, read() -> 4 at history index 2 cannot be"
        + " linearized after the 1 calls before it; the state could only be 3"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(2, run("check", "--model", "register", "--time-limit", "0.001", hard.toString()));
    assertTrue(out.toString().trim().endsWith("ops: time limit of 0.001 s reached"), out.toString());
  }

  @Test
  void anEmptyHistoryIsNotValidButAnError() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
    Path onlyNemesis = Files.writeString(dir.resolve("nemesis.jsonl"),
        "{\"index\":0,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"start\",\"time\":0}\n");
    assertEquals(254, run("check", empty.toString(), onlyNemesis.toString(), valid.toString()));
    assertTrue(err.toString().contains("empty.jsonl: no client operations to check (the history is empty)"),
        err.toString());
    assertTrue(err.toString().contains("nemesis.jsonl: no client operations to check (the history is"
        + " empty but for 1 nemesis events)"), err.toString());
    assertFalse(out.toString().contains("empty.jsonl"), out.toString());
    assertTrue(out.toString().contains(valid + " valid"), out.toString());
  }

  @Test
  void outThatIsAFileIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "keep me");
    assertEquals(254, run("check", "--out", file.toString(), invalid.toString()));
    assertTrue(err.toString().contains("--out " + file + " exists and is not a directory"), err.toString());
    assertFalse(err.toString().contains("Exception"), err.toString());
    assertEquals("keep me", Files.readString(file), "nothing overwritten");
  }

  @Test
  void outThatCannotBeWrittenKeepsTheVerdictAndExits254() throws Exception {
    Path res = Files.createDirectories(dir.resolve("res"));
    Files.createDirectories(res.resolve("results.json.tmp")); // in the way of the write
    assertEquals(254, run("check", "--out", res.toString(), invalid.toString()));
    assertTrue(out.toString().startsWith(invalid + " invalid "), "the verdict is printed: " + out);
    assertTrue(err.toString().startsWith("error: cannot write results into --out " + res), err.toString());
    assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
  }

  @Test
  void everyNumericOptionIsValidated() {
    assertEquals(254, run("check", "--memory-limit", "-5", valid.toString()));
    assertTrue(err.toString().contains("--memory-limit must be a positive number of MiB, got -5"), err.toString());
    assertEquals(254, run("check", "--memory-limit", "0", valid.toString()));
    assertEquals(254, run("check", "--time-limit", "-1", valid.toString()));
    assertEquals(254, run("check", "--time-limit", "NaN", valid.toString()));
    assertEquals(254, run("check", "--time-limit", "Infinity", valid.toString()));
    assertEquals(254, run("check", "--time-limit", "soon", valid.toString()));
    assertTrue(err.toString().contains("'soon'"), err.toString());
    assertTrue(out.toString().isEmpty(), "nothing was checked: " + out);
  }

  @Test
  void wrongTypeValuesAreQuotedAsFound() throws Exception {
    Path bad = Files.writeString(dir.resolve("str.jsonl"),
        "{\"index\":\"0\",\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":0}\n");
    assertEquals(254, run("check", bad.toString()));
    assertTrue(err.toString().contains("\"index\" must be an integer, got \"0\""), err.toString());
    Path proc = Files.writeString(dir.resolve("proc.jsonl"),
        "{\"index\":0,\"type\":\"invoke\",\"process\":[1],\"f\":\"read\",\"time\":0}\n");
    assertEquals(254, run("check", proc.toString()));
    assertTrue(err.toString().contains("\"process\" must be a non-negative integer or \"nemesis\", got an array"),
        err.toString());
  }

  /** A Jepsen history.edn, told by its content, and gauntlet edn's output check like the JSONL. */
  @Test
  void ednHistoriesCheckWithTheJsonlVerdict() throws Exception {
    for (Path jsonl : new Path[] {valid, invalid}) {
      Path edn = dir.resolve(jsonl.getFileName() + ".edn");
      assertEquals(0, run("edn", jsonl.toString(), "--out", edn.toString()));
      int expected = jsonl == valid ? 0 : 1;
      assertEquals(expected, run("check", edn.toString()), err.toString());
      assertEquals(expected, run("check", "--format", "edn", edn.toString()), err.toString());
    }
    Path jepsen = Files.writeString(dir.resolve("history.edn"), String.join("\n",
        "{:index 0, :time 10, :type :info, :process :nemesis, :f :start, :value nil}",
        "{:index 1, :time 20, :type :invoke, :process 0, :f :write, :value [\"k\" 1]}",
        "{:index 2, :time 30, :type :info, :process :nemesis, :f :start, :value [:isolated]}",
        "{:index 3, :time 40, :type :ok, :process 0, :f :write, :value [\"k\" 1]}",
        "{:index 4, :time 50, :type :invoke, :process 1, :f :read, :value [\"k\" nil]}",
        "{:index 5, :time 60, :type :ok, :process 1, :f :read, :value [\"k\" 2]}", ""));
    out.getBuffer().setLength(0);
    assertEquals(1, run("check", jepsen.toString()), err.toString());
    assertTrue(out.toString().contains("invalid") && out.toString().contains("key k, process 1, read() -> 2"),
        out.toString());
    Path drawn = dir.resolve("drawn");
    assertEquals(0, run("report", jepsen.toString(), "--out", drawn.toString()), err.toString());
    assertTrue(Files.isRegularFile(drawn.resolve("timeline.html")));
    Path again = dir.resolve("again.edn");
    assertEquals(0, run("edn", jepsen.toString(), "--out", again.toString()), err.toString());
    assertTrue(Files.readString(again).startsWith("{:index 0, :type :info, :process :nemesis, :f :start"),
        Files.readString(again));
    Path store = Files.createDirectories(dir.resolve("store"));
    Files.copy(jepsen, store.resolve("history.edn"));
    assertEquals(1, run("check", store.toString()), "a Jepsen store directory");
    assertEquals(254, run("check", "--format", "xml", valid.toString()));
    assertTrue(err.toString().contains("unknown history format \"xml\""), err.toString());
    Path broken = Files.writeString(dir.resolve("broken.edn"), "{:index 0, :type :invoke, :process 0,\n :f :read\n");
    assertEquals(254, run("check", broken.toString()));
    assertTrue(err.toString().contains("broken.edn line 3: malformed EDN"), err.toString());
  }

  @Test
  void ednOutIntoAMissingFolderIsAClearError() {
    Path target = dir.resolve("no-such-folder").resolve("history.edn");
    assertEquals(254, run("edn", valid.toString(), "--out", target.toString()));
    assertTrue(err.toString().contains("the folder " + target.getParent().toAbsolutePath() + " does not exist"),
        err.toString());
    assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    assertEquals(254, run("edn", valid.toString(), "--out", dir.toString()));
    assertTrue(err.toString().contains("is a directory"), err.toString());
  }
}
