package io.gauntlet.checker.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityChecker;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Public reference histories with known verdicts: the Jepsen etcd logs (cas-register) and the lab
 * kv logs that Porcupine ships in its module (which the cross-check build downloads into the Go
 * module cache). Each is converted to our format and must get its known verdict, never unknown.
 */
class ReferenceHistoriesTest {
  static final Pattern ETCD = Pattern.compile("INFO\\s+jepsen\\.util\\s+-\\s+(\\d+)\\s+:(\\w+)\\s+:(\\w+)\\s+(.*?)\\s*");
  static final Pattern KV = Pattern.compile(
      "\\{:process (\\d+), :type :(\\w+), :f :(\\w+), :key \"(.*)\", :value (nil|\"(.*)\")\\}");
  static final Pattern EXPECTED = Pattern.compile("checkJepsen\\(t, (\\d+), (true|false)\\)");

  static Path testData() throws Exception {
    CiPrerequisite.require(PorcupineProgram.goAvailable(), "no `go` on PATH to fetch Porcupine's reference histories");
    PorcupineProgram.build(Path.of("porcupine"), Path.of("target", "porcupine-check")); // fetches the module
    Process p = new ProcessBuilder("go", "env", "GOMODCACHE").redirectErrorStream(true).start();
    String cache = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    String version = Files.readAllLines(Path.of("porcupine", "go.mod")).stream()
        .filter(l -> l.contains("anishathalye/porcupine")).map(l -> l.trim().split("\\s+")[2]).findFirst()
        .orElseThrow();
    Path root = Path.of(cache, "github.com", "anishathalye", "porcupine@" + version);
    CiPrerequisite.require(Files.isDirectory(root.resolve("test_data")), root + " not in the Go module cache");
    return root;
  }

  @Test
  void jepsenEtcdAndLabKvHistoriesGetTheirKnownVerdicts() throws Exception {
    Path root = testData();
    Map<Integer, Boolean> expected = new HashMap<>();
    Matcher m = EXPECTED.matcher(Files.readString(root.resolve("porcupine_test.go")));
    while (m.find()) {
      expected.put(Integer.parseInt(m.group(1)), Boolean.parseBoolean(m.group(2)));
    }
    assertTrue(expected.size() >= 100, "found only " + expected.size() + " etcd verdicts");
    int invalid = 0;
    for (Map.Entry<Integer, Boolean> e : expected.entrySet()) {
      Path log = root.resolve(String.format("test_data/jepsen/etcd_%03d.log", e.getKey()));
      Verdict v = check(etcd(Files.readAllLines(log)), "cas-register", log);
      assertEquals(e.getValue() ? Verdict.VALID : Verdict.INVALID, v, log.toString());
      invalid += v == Verdict.INVALID ? 1 : 0;
    }
    assertTrue(invalid > 50, "the etcd set is mostly non-linearizable; got " + invalid + " invalid");
    for (String name : List.of("c01-ok", "c01-bad", "c10-ok", "c10-bad", "c50-ok", "c50-bad")) {
      Path log = root.resolve("test_data/kv/" + name + ".txt");
      Verdict v = check(kv(Files.readAllLines(log)), "kv", log);
      assertEquals(name.endsWith("ok") ? Verdict.VALID : Verdict.INVALID, v, log.toString());
    }
  }

  /** The same lab kv logs read as they are, EDN op maps without index or time, by the EDN reader. */
  @Test
  void labKvLogsReadAsEdnGetTheirKnownVerdicts() throws Exception {
    Path root = testData();
    for (String name : List.of("c01-ok", "c01-bad", "c10-ok", "c10-bad", "c50-ok", "c50-bad")) {
      Path log = root.resolve("test_data/kv/" + name + ".txt");
      assertEquals(io.gauntlet.checker.history.HistoryFiles.Format.EDN,
          io.gauntlet.checker.history.HistoryFiles.detect(log));
      History h = io.gauntlet.checker.history.HistoryFiles.read(log, null);
      assertEquals(Files.readAllLines(log).size(), h.size(), log.toString());
      Verdict v = check(h, "kv", log);
      assertEquals(name.endsWith("ok") ? Verdict.VALID : Verdict.INVALID, v, log.toString());
    }
  }

  static Verdict check(History h, String model, Path from) {
    Model m = Models.byName(model);
    CheckResult r = new LinearizabilityChecker(m, m.initialState(null),
        Budget.defaults().withTimeLimit(Duration.ofSeconds(60))).check(h);
    return r.verdict();
  }

  /**
   * Jepsen's etcd log: {@code :fail :read :timed-out} is an unknown read (info); a crashed ({@code
   * :info}) write or cas ends its process, so later lines of the same number become a new process,
   * as our format requires.
   */
  static History etcd(List<String> lines) {
    HistoryRecorder rec = new HistoryRecorder("etcd");
    Map<Integer, Integer> process = new HashMap<>();
    int fresh = 1000;
    for (String line : lines) {
      Matcher m = ETCD.matcher(line);
      if (!m.matches()) {
        continue;
      }
      int jepsen = Integer.parseInt(m.group(1));
      int p = process.getOrDefault(jepsen, jepsen);
      String type = m.group(2);
      JsonNode value = value(m.group(4));
      switch (type) {
        case "invoke" -> rec.invoke(p, m.group(3), null, value);
        case "ok" -> rec.ok(p, value);
        case "fail" -> {
          if (m.group(3).equals("read")) {
            rec.info(p, "timed-out");
            process.put(jepsen, fresh++);
          } else {
            rec.fail(p, null);
          }
        }
        case "info" -> {
          rec.info(p, "timed-out");
          process.put(jepsen, fresh++);
        }
        default -> throw new IllegalArgumentException("unexpected type in " + line);
      }
    }
    return rec.build();
  }

  static JsonNode value(String s) {
    if (s.equals("nil") || s.startsWith(":")) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (s.startsWith("[")) {
      var a = JsonNodeFactory.instance.arrayNode();
      for (String part : s.substring(1, s.length() - 1).trim().split("\\s+")) {
        a.add(Integer.parseInt(part));
      }
      return a;
    }
    return JsonNodeFactory.instance.numberNode(Integer.parseInt(s));
  }

  /** The labs' kv log, in EDN: one op map per line. */
  static History kv(List<String> lines) throws IOException {
    HistoryRecorder rec = new HistoryRecorder("kv");
    for (String line : lines) {
      Matcher m = KV.matcher(line.trim());
      if (!m.matches()) {
        throw new IOException("unexpected kv log line: " + line);
      }
      int p = Integer.parseInt(m.group(1));
      JsonNode value = m.group(5).equals("nil") ? JsonNodeFactory.instance.nullNode() : TextNode.valueOf(m.group(6));
      if (m.group(2).equals("invoke")) {
        rec.invoke(p, m.group(3), m.group(4), value);
      } else {
        rec.ok(p, value);
      }
    }
    return rec.build();
  }
}
