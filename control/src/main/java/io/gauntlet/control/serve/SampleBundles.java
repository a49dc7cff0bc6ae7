package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.workloads.live.Availability;
import io.gauntlet.workloads.sim.HistoryCheck;
import io.gauntlet.workloads.sim.SimHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated result bundles, laid out as TestRunner writes them, for the serve tests and {@code bench
 * serve}: many {@link #summaries light} ones (test.json and results.json only: what the index reads)
 * and a few {@link #full} ones with a real history, its plots, timeline and (if invalid) linear.html,
 * node logs and a control log with nemesis events.
 */
public final class SampleBundles {
  private SampleBundles() {}

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final List<String> WORKLOADS = List.of("kv", "register", "versioned-kv");
  private static final List<String> NEMESES = List.of("none", "partition", "kill", "pause", "loss");
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * Writes {@code n} bundles with summaries only (test.json, results.json): workloads and nemeses
   * cycle, one in 10 is invalid, one in 50 unknown, one in 100 crashed; bundle i starts i minutes
   * after 2026-01-01. Returns their ids.
   */
  public static List<String> summaries(Path results, int n, long seed) throws IOException {
    Random rnd = new Random(seed);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String workload = WORKLOADS.get(i % WORKLOADS.size());
      String nemesis = NEMESES.get((i / WORKLOADS.size()) % NEMESES.size());
      String test = workload + "-" + nemesis + "-local";
      Instant start = EPOCH.plusSeconds(60L * i);
      Path dir = Files.createDirectories(results.resolve(test).resolve(STAMP.format(start)));
      writeTestJson(dir, test, workload, List.of(nemesis), 30, seed + i);
      String valid = i % 100 == 99 ? "crashed" : i % 50 == 49 ? "unknown" : i % 10 == 9 ? "false" : "true";
      ObjectNode r = JSON.createObjectNode().put("valid", valid);
      if (valid.equals("crashed")) {
        r.put("error", "java.io.IOException: node n" + (i % 5 + 1) + " did not start");
      } else {
        long ok = 1000 + rnd.nextInt(20_000);
        long fail = rnd.nextInt(200);
        long info = rnd.nextInt(50);
        if (valid.equals("false")) {
          r.putObject("linearizable").put("valid", false).put("checker", "wgl").put("model", workload)
              .putObject("violation").put("key", "k" + rnd.nextInt(8));
        } else if (valid.equals("unknown")) {
          r.put("cause", "no call completed: the cluster never served");
        }
        r.putArray("lost-appends");
        r.putObject("stats").put("ok", ok).put("fail", fail).put("info", info).put("seconds", 30 + rnd.nextDouble())
            .put("ops-per-second", (ok + fail + info) / 30.0);
      }
      JSON.writeValue(dir.resolve("results.json").toFile(), r);
      // Dated as a test would have left it: written when the run ended, long settled.
      Files.setLastModifiedTime(dir.resolve("results.json"), java.nio.file.attribute.FileTime.from(start.plusSeconds(40)));
      ids.add(test + "/" + dir.getFileName());
    }
    return ids;
  }

  /**
   * Writes one bundle with everything a real run leaves: a 4-client history of gets, puts and
   * appends over 6 s with a kill of n2 from 2 s to 4 s (and, if {@code invalid}, a stale read at the
   * end), checked for real; plots, timeline, linear.html; results.json with availability; node and
   * control logs. Returns its id.
   */
  public static String full(Path results, String test, Instant start, boolean invalid) throws IOException {
    Path dir = Files.createDirectories(results.resolve(test).resolve(STAMP.format(start)));
    long[] now = {0};
    SimHistory h = new SimHistory(() -> now[0], test);
    Random rnd = new Random(7);
    String[] last = new String[4];
    List<String> fs = List.of("put", "append", "get");
    for (int step = 0; step < 600; step++) {
      now[0] = step * 10_000_000L; // 10 ms apart
      if (step == 200) {
        h.nemesis("start-kill", "killed n2");
      } else if (step == 400) {
        h.nemesis("stop-kill", "restarted n2");
      }
      int p = step % 4;
      String key = "k" + p;
      String f = fs.get(rnd.nextInt(3));
      String v = "v" + step;
      h.invoke(p, f, key, f.equals("get") ? null : SimHistory.JSON.textNode(v), "n1");
      now[0] += 2_000_000L + rnd.nextInt(3_000_000);
      if (f.equals("get")) {
        h.ok(p, last[p] == null ? null : SimHistory.JSON.textNode(last[p]));
      } else {
        last[p] = f.equals("put") || last[p] == null ? v : last[p] + v;
        h.ok(p, null);
      }
    }
    if (invalid) {
      now[0] += 10_000_000L;
      h.invoke(0, "get", "k0", null, "n1");
      now[0] += 1_000_000L;
      h.ok(0, SimHistory.JSON.textNode("stale"));
    }
    History history = h.build();
    CheckResult lin = HistoryCheck.linearizable(history, "kv", Duration.ofSeconds(30));
    HistoryCheck.write(dir, history, lin);
    writeTestJson(dir, test, "kv", List.of("kill"), 6, 7);
    ObjectNode r = JSON.createObjectNode().put("valid", lin.verdict().name().equals("VALID") ? "true" : "false");
    r.set("linearizable", lin.toJson());
    r.putArray("lost-appends");
    var av = r.putArray("availability");
    Availability.of(history).forEach(w -> av.add(JSON.valueToTree(w)));
    long calls = history.calls().stream().filter(c -> !c.invoke().isNemesis()).count();
    r.putObject("stats").put("ok", calls).put("fail", 0).put("info", 0).put("seconds", 6.0).put("ops-per-second", calls / 6.0);
    JSON.writeValue(dir.resolve("results.json").toFile(), r);
    StringBuilder control = new StringBuilder();
    control.append(start).append(" INFO  [main] test: cluster up: 3 local nodes in 700 ms\n")
        .append(start.plusSeconds(2)).append(" INFO  [nemesis] test: nemesis start-kill killed n2\n")
        .append(start.plusSeconds(4)).append(" INFO  [nemesis] test: nemesis stop-kill restarted n2\n");
    Files.writeString(dir.resolve("control.log"), control);
    for (String node : List.of("n1", "n2", "n3")) {
      StringBuilder log = new StringBuilder();
      for (int s = 0; s < 60; s++) {
        log.append(start.plusMillis(100L * s)).append(" INFO  [").append(node).append("] raft: tick ").append(s).append('\n');
      }
      Files.createDirectories(dir.resolve("nodes").resolve(node));
      Files.writeString(dir.resolve("nodes").resolve(node).resolve("node.log"), log);
    }
    return test + "/" + dir.getFileName();
  }

  private static void writeTestJson(Path dir, String test, String workload, List<String> nemeses, double seconds, long seed)
      throws IOException {
    ObjectNode t = JSON.createObjectNode().put("name", test).put("workload", workload);
    nemeses.forEach(t.putArray("nemesis")::add);
    t.put("cluster", "local").put("nodes", 3).put("time-limit-s", seconds).put("concurrency", 10).put("seed", seed)
        .put("command", "bin/gauntlet test --workload " + workload + " --nemesis " + String.join(",", nemeses)
            + " --cluster local --nodes 3 --time-limit " + seconds + " --seed " + seed);
    JSON.writeValue(dir.resolve("test.json").toFile(), t);
  }
}
