package io.gauntlet.control.testbed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The machine-readable record of a campaign (test-all's matrix, or a test run --test-count times):
 * {@code <results>/campaigns/<stamp>.json} with the command, when it started, whether it finished,
 * and one cell per test (workload, nemesis set, seed, verdict, bundle path under the results
 * folder), and the system under test (db). Rewritten after each test, so a campaign in progress can be browsed ({@code gauntlet
 * serve}). A failure to write it is reported once and never stops the campaign.
 */
public final class CampaignRecord {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");
  private final Path results;
  private final Path file;
  private final ObjectNode json = Bundle.object();
  private final ArrayNode cells;
  private boolean warned;

  public CampaignRecord(Path results, String kind, String command) {
    this.results = results.toAbsolutePath().normalize();
    this.file = this.results.resolve("campaigns").resolve(STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".json");
    json.put("kind", kind).put("command", command).put("started", Instant.now().toString()).put("finished", false);
    cells = json.putArray("cells");
    write();
  }

  /** {@code prefix} and then each argument, single-quoted where a shell would split or expand it. */
  public static String shellLine(String prefix, java.util.List<String> args) {
    StringBuilder b = new StringBuilder(prefix);
    for (String a : args) {
      b.append(' ').append(a.matches("[A-Za-z0-9_./=,:+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return b.toString();
  }

  /** Adds one test's outcome; {@code bundle} may be null (the test crashed before writing one). */
  public void add(String workload, String nemesis, String db, long seed, String verdict, Path bundle) {
    ObjectNode c = cells.addObject().put("workload", workload).put("nemesis", nemesis).put("db", db).put("seed", seed)
        .put("verdict", verdict);
    if (bundle != null) {
      c.put("bundle", results.relativize(bundle.toAbsolutePath().normalize()).toString().replace('\\', '/'));
    }
    write();
  }

  public void finish() {
    json.put("finished", true);
    write();
  }

  private void write() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Bundle.JSON.writeValue(tmp.toFile(), json);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!warned) {
        System.err.println("warning: cannot write the campaign record " + file + ": " + e.getMessage());
        warned = true;
      }
    }
  }
}
