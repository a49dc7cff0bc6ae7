package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A campaign as the campaign pages show it, read from either record the commands write:
 * {@code results/campaigns/<stamp>.json} (test-all, test --test-count; named {@code <stamp>}) or
 * {@code results/soak-<stamp>/summary.json} (gauntlet soak; named {@code soak-<stamp>}, its bundle
 * links relative to its own folder).
 *
 * @param state "finished", "running or stopped", or the soak's own word for how it ended
 * @param cells one per test, in the order run
 */
record Campaign(String name, String kind, String command, String started, String state, List<Cell> cells) {

  /** One test: its matrix cell, verdict as recorded, and bundle id ({@code test/stamp}) or null. */
  record Cell(String workload, String nemesis, String db, String verdict, String bundle) {}

  /** The campaign files under {@code results}, newest first, each with its name. */
  static List<String> names(Path results) throws IOException {
    List<String> out = new ArrayList<>();
    Path records = results.resolve("campaigns");
    if (Files.isDirectory(records)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(records, "*.json")) {
        s.forEach(p -> out.add(p.getFileName().toString().replaceFirst("\\.json$", "")));
      }
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(results, "soak-*")) {
      for (Path p : s) {
        if (Files.isRegularFile(p.resolve("summary.json"))) {
          out.add(p.getFileName().toString());
        }
      }
    }
    // Both kinds start with the same stamp format (a soak's after "soak-"): newest first across both.
    out.sort(Comparator.comparing((String n) -> n.replaceFirst("^soak-", "")).reversed());
    return out;
  }

  /** The record file of campaign {@code name}, relative to the results folder. */
  static String file(String name) {
    return name.startsWith("soak-") ? name + "/summary.json" : "campaigns/" + name + ".json";
  }

  /** Reads campaign {@code name} from its record {@code json}. */
  static Campaign of(String name, JsonNode json, Path results) {
    List<Cell> cells = new ArrayList<>();
    if (name.startsWith("soak-")) {
      Path dir = results.toAbsolutePath().normalize().resolve(name);
      for (JsonNode c : json.path("campaigns")) {
        String bundle = c.hasNonNull("bundle")
            ? results.toAbsolutePath().normalize().relativize(dir.resolve(c.get("bundle").asText()).normalize()).toString()
                .replace('\\', '/') : null;
        cells.add(new Cell(c.path("workload").asText(), c.path("nemesis").asText(), c.path("db").asText("gauntlet"),
            c.path("verdict").asText(), bundle));
      }
      return new Campaign(name, "soak", json.path("command").asText(), json.path("started").asText(),
          json.path("state").asText(), cells);
    }
    for (JsonNode c : json.path("cells")) {
      cells.add(new Cell(c.path("workload").asText(), c.path("nemesis").asText(), c.path("db").asText("gauntlet"),
          c.path("verdict").asText(), c.hasNonNull("bundle") ? c.get("bundle").asText() : null));
    }
    return new Campaign(name, json.path("kind").asText(), json.path("command").asText(), json.path("started").asText(),
        json.path("finished").asBoolean() ? "finished" : "running or stopped", cells);
  }

  long notValid() {
    return cells.stream().filter(c -> !c.verdict().equals("valid")).count();
  }
}
