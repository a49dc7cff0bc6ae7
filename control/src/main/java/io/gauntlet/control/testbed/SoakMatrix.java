package io.gauntlet.control.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A soak's matrix file: the workloads, nemesis sets and systems to cycle through, and the
 * `gauntlet test` options every campaign takes. JSON, for example
 *
 * <pre>{@code
 * {"workloads": ["kv", "register"],
 *  "nemeses": ["partition,kill,pause", "loss"],
 *  "db": ["gauntlet"],
 *  "options": ["--nodes", "5", "--time-limit", "60"]}
 * }</pre>
 *
 * Unknown fields are refused, and every error names the file and the field.
 */
public record SoakMatrix(List<String> workloads, List<String> nemeses, List<String> dbs, List<String> options) {
  private static final Set<String> FIELDS = Set.of("workloads", "nemeses", "db", "options");

  public static SoakMatrix read(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": must hold one JSON object with " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!FIELDS.contains(n)) {
        throw new IOException(file + ": unknown field '" + n + "' (known: db, nemeses, options, workloads)");
      }
    }
    List<String> workloads = strings(file, root, "workloads", List.of("kv"));
    List<String> nemeses = strings(file, root, "nemeses", List.of("partition,kill,pause"));
    List<String> dbs = strings(file, root, "db", List.of("gauntlet"));
    List<String> options = strings(file, root, "options", List.of());
    if (workloads.isEmpty() || nemeses.isEmpty() || dbs.isEmpty()) {
      throw new IOException(file + ": workloads, nemeses and db must not be empty");
    }
    return new SoakMatrix(workloads, nemeses, dbs, options);
  }

  private static List<String> strings(Path file, JsonNode root, String field, List<String> absent) throws IOException {
    JsonNode n = root.get(field);
    if (n == null) {
      return absent;
    }
    if (!n.isArray()) {
      throw new IOException(file + ": '" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw new IOException(file + ": '" + field + "' must be an array of strings, found " + e);
      }
      out.add(e.asText());
    }
    return out;
  }

  /** The cells, workload-major: (workload, nemesis set, db). */
  public List<String[]> cells() {
    List<String[]> out = new ArrayList<>();
    for (String w : workloads) {
      for (String n : nemeses) {
        for (String d : dbs) {
          out.add(new String[] {w, n, d});
        }
      }
    }
    return out;
  }
}
