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
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
  @TempDir Path dir;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = GauntletCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  static String op(int index, String type, Object process, String f, String value, long timeMs) {
    String p = process instanceof String s ? "\"" + s + "\"" : process.toString();
    return "{\"index\":" + index + ",\"type\":\"" + type + "\",\"process\":" + p + ",\"f\":\"" + f
        + "\",\"value\":" + value + ",\"time\":" + timeMs * 1_000_000 + "}\n";
  }

  Path history() throws Exception {
    return Files.writeString(dir.resolve("history.jsonl"),
        op(0, "invoke", 1, "write", "3", 0) + op(1, "ok", 1, "write", "3", 5)
            + op(2, "invoke", "nemesis", "start-partition", "\"halves\"", 6)
            + op(3, "info", "nemesis", "start-partition", "\"halves\"", 7)
            + op(4, "invoke", 2, "read", "null", 8) + op(5, "ok", 2, "read", "3", 30)
            + op(6, "invoke", 1, "write", "4", 31) + op(7, "info", 1, "write", "4", 531)
            + op(8, "invoke", "nemesis", "stop-partition", "null", 540)
            + op(9, "info", "nemesis", "stop-partition", "null", 541));
  }

  @Test
  void writesEveryReportAndListsThem() throws Exception {
    Path res = dir.resolve("res");
    assertEquals(0, run("report", history().toString(), "--out", res.toString()), err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals(List.of("latency-raw.png", "latency-quantiles.png", "rate.png", "timeline.html"),
        lines.stream().map(l -> Path.of(l).getFileName().toString()).toList());
    for (String png : List.of("latency-raw.png", "latency-quantiles.png", "rate.png")) {
      assertEquals(1200, ImageIO.read(res.resolve(png).toFile()).getWidth(), png);
    }
    String html = Files.readString(res.resolve("timeline.html"));
    assertTrue(html.contains("\"start-partition\""), "nemesis call in the timeline");
  }

  @Test
  void aBadLineIsNamedAndExits254() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.jsonl"),
        op(0, "invoke", 1, "write", "3", 0) + "{\"index\":1,\"type\":\"ok\",\"process\":1,\"f\":\"write\"\n");
    assertEquals(254, run("report", bad.toString(), "--out", dir.resolve("r").toString()));
    assertTrue(err.toString().contains(bad + " line 2: "), err.toString());
    assertFalse(Files.exists(dir.resolve("r").resolve("timeline.html")), "nothing half-written");
  }

  @Test
  void aMissingFileOrMissingOutExits254() throws Exception {
    assertEquals(254, run("report", dir.resolve("nope.jsonl").toString(), "--out", dir.toString()));
    assertTrue(err.toString().contains("nope.jsonl: no such file"), err.toString());
    assertEquals(254, run("report", history().toString()));
    assertTrue(err.toString().contains("--out"), err.toString());
    Path file = Files.writeString(dir.resolve("afile"), "x");
    assertEquals(254, run("report", history().toString(), "--out", file.toString()));
    assertTrue(err.toString().contains("is not a directory"), err.toString());
  }

  @Test
  void aFailedWriteExits255AndSaysWhat() throws Exception {
    Path res = Files.createDirectories(dir.resolve("res"));
    Files.createDirectories(res.resolve("rate.png")); // a directory where a report must go
    assertEquals(255, run("report", history().toString(), "--out", res.toString()));
    assertTrue(err.toString().contains("writing the reports into " + res + " failed")
        && err.toString().contains("rate.png"), err.toString());
    Path under = Files.writeString(dir.resolve("plain"), "x");
    assertEquals(254, run("report", history().toString(), "--out", under.resolve("sub").toString()));
    assertTrue(err.toString().contains("cannot create the directory"), err.toString());
  }

  @Test
  void checkWithOutDrawsEachInvalidHistory() throws Exception {
    Path valid = history();
    Path stale = Files.writeString(dir.resolve("stale.jsonl"),
        op(0, "invoke", 1, "write", "3", 0) + op(1, "ok", 1, "write", "3", 1)
            + op(2, "invoke", 2, "read", "null", 2) + op(3, "ok", 2, "read", "4", 3));
    Path res = dir.resolve("res");
    assertEquals(1, run("check", valid.toString(), stale.toString(), stale.toString(), "--out", res.toString()),
        err.toString());
    assertTrue(Files.readString(res.resolve("linear.html")).contains("Not linearizable: " + stale));
    assertTrue(Files.exists(res.resolve("linear-2.html")), "second invalid file drawn apart");
    JsonNode json = new ObjectMapper().readTree(res.resolve("results.json").toFile());
    assertFalse(json.get("checks").get(0).has("linearHtml"), "valid: no drawing");
    assertEquals("linear.html", json.get("checks").get(1).get("linearHtml").textValue());
  }
}
