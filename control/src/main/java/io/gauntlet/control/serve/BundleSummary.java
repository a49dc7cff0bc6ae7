package io.gauntlet.control.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One index row: what the index shows of a bundle, read from its test.json, results.json and
 * live.json only (the small files; never the history). A bundle whose results.json is missing or
 * unreadable is {@link Verdict#INCOMPLETE} with the reason, unless a fresh live.json says the test
 * is still {@link Verdict#RUNNING}. Reading never throws: a broken bundle is a row, not an error.
 *
 * @param id the path under the results folder, {@code <test>/<stamp>}
 * @param complete whether results.json was read and has not changed for {@link #SETTLE_MILLIS}: such a
 *     bundle no longer changes and is never read again. (A test writes results.json twice, the
 *     checker's and then its own, seconds apart: a summary read in between must not stick.)
 */
public record BundleSummary(String id, String test, Instant start, String workload, List<String> nemeses,
    double seconds, long ops, double okFraction, Verdict verdict, String reason, LiveStatus live, boolean complete) {

  static final ObjectMapper JSON = new ObjectMapper();
  static final long SETTLE_MILLIS = 60_000;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

  /** Reads the summary of the bundle folder {@code dir} (id {@code test/stamp}) at time {@code now}. */
  static BundleSummary read(String id, Path dir, long now) {
    String test = dir.getParent().getFileName().toString();
    Instant start = startOf(dir);
    JsonNode t = readOrNull(dir.resolve("test.json"));
    String workload = t == null ? "" : t.path("workload").asText("");
    List<String> nemeses = new ArrayList<>();
    if (t != null) {
      t.path("nemesis").forEach(n -> nemeses.add(n.asText()));
    }
    Path results = dir.resolve("results.json");
    JsonNode r;
    try {
      r = JSON.readTree(Files.readAllBytes(results));
    } catch (NoSuchFileException e) {
      return withoutResults(id, test, start, workload, nemeses, dir, now);
    } catch (JsonProcessingException e) {
      return incomplete(id, test, start, workload, nemeses, "results.json is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return incomplete(id, test, start, workload, nemeses, "results.json cannot be read: " + e);
    }
    if (r == null || !r.isObject()) {
      return incomplete(id, test, start, workload, nemeses, "results.json is not a JSON object");
    }
    Verdict v = Verdict.ofValid(r.get("valid"));
    if (v == null) {
      return incomplete(id, test, start, workload, nemeses, "results.json has no valid field (true, false, unknown or crashed)");
    }
    JsonNode st = r.path("stats");
    long ok = st.path("ok").asLong();
    long ops = ok + st.path("fail").asLong() + st.path("info").asLong();
    if (!st.isObject()) {
      ops = r.path("ops").asLong(); // the checker's own results.json: ops checked, no outcome counts
    }
    double seconds = st.has("seconds") ? st.path("seconds").asDouble() : Double.NaN;
    double okFraction = st.isObject() && ops > 0 ? (double) ok / ops : Double.NaN;
    return new BundleSummary(id, test, start, workload, List.copyOf(nemeses), seconds, ops, okFraction, v, reason(r),
        null, now - modified(results) > SETTLE_MILLIS);
  }

  /** The one-line reason of a non-valid verdict: the crash, the cause, the lost appends. */
  static String reason(JsonNode r) {
    if (r.hasNonNull("error")) {
      return r.get("error").asText();
    }
    if (r.hasNonNull("cause")) {
      return r.get("cause").asText();
    }
    int lost = r.path("lost-appends").size();
    if (lost > 0) {
      return lost + " acknowledged appends lost";
    }
    JsonNode lin = r.has("linearizable") ? r.get("linearizable") : r;
    if (lin.hasNonNull("cause")) {
      return lin.get("cause").asText();
    }
    if (lin.has("violation")) {
      JsonNode v = lin.get("violation");
      return "not linearizable" + (v.hasNonNull("key") ? " (key " + v.get("key").asText() + ")" : "");
    }
    return "";
  }

  private static BundleSummary withoutResults(String id, String test, Instant start, String workload,
      List<String> nemeses, Path dir, long now) {
    JsonNode l = readOrNull(dir.resolve("live.json"));
    if (l == null && now - modified(dir.resolve("control.log")) < LiveStatus.STALE_MILLIS) {
      // Hosts and nodes are starting: no progress yet, but the control log is being written.
      LiveStatus starting = new LiveStatus(0, 0, 0, 0, 0, "", "starting", false, now);
      return new BundleSummary(id, test, start, workload, List.copyOf(nemeses), 0, 0, Double.NaN, Verdict.RUNNING,
          "starting", starting, false);
    }
    if (l == null) {
      return incomplete(id, test, start, workload, nemeses,
          Files.exists(dir.resolve("live.json")) ? "no results.json, and live.json is unreadable" : "no results.json");
    }
    LiveStatus live = LiveStatus.of(l);
    if (!live.alive(now)) {
      return incomplete(id, test, start, workload, nemeses, "no results.json; the test stopped reporting progress at "
          + Instant.ofEpochMilli(live.updatedMillis()) + " (killed?)");
    }
    return new BundleSummary(id, test, start, workload, List.copyOf(nemeses), live.elapsedSeconds(), live.ops(),
        live.ops() > 0 ? (double) live.ok() / live.ops() : Double.NaN, Verdict.RUNNING,
        live.finished() ? "checking the history" : live.phase(), live, false);
  }

  private static BundleSummary incomplete(String id, String test, Instant start, String workload, List<String> nemeses,
      String reason) {
    return new BundleSummary(id, test, start, workload, List.copyOf(nemeses), Double.NaN, 0, Double.NaN,
        Verdict.INCOMPLETE, reason, null, false);
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The JSON in {@code file}, or null if it is missing or not JSON. */
  static JsonNode readOrNull(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    }
  }

  /** The bundle's start: its folder name (the test's start stamp), else the folder's time. */
  private static Instant startOf(Path dir) {
    try {
      return LocalDateTime.parse(dir.getFileName().toString(), STAMP).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        return Files.getLastModifiedTime(dir).toInstant();
      } catch (IOException io) {
        return Instant.EPOCH;
      }
    }
  }

  /** Text the free-text filter searches: test, id, workload, nemeses, reason. */
  String searchable() {
    return (id + " " + workload + " " + String.join(",", nemeses) + " " + reason).toLowerCase(java.util.Locale.ROOT);
  }
}
