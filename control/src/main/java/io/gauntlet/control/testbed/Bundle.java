package io.gauntlet.control.testbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.checker.history.EdnWriter;
import io.gauntlet.checker.history.History;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A test's result folder, {@code results/<test>/<timestamp>/}: test.json, history.jsonl,
 * history.edn, results.json, the plots and timeline, linear.html when invalid, nodes/<node>/node.log,
 * control.log. {@code results/latest} links the newest.
 */
final class Bundle {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .findAndRegisterModules();
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

  final Path dir;
  final Path results;

  private Bundle(Path results, Path dir) {
    this.results = results;
    this.dir = dir;
  }

  /** Now, as bundle folders are named (UTC, sortable). */
  static String stamp() {
    return STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
  }

  static Bundle create(Path results, String test) throws IOException {
    Path dir = results.resolve(test).resolve(stamp());
    Files.createDirectories(dir);
    return new Bundle(results, dir);
  }

  void writeJson(String file, Object value) throws IOException {
    JSON.writeValue(dir.resolve(file).toFile(), value);
  }

  void writeEdn(History history) throws IOException {
    try (Writer w = Files.newBufferedWriter(dir.resolve("history.edn"), StandardCharsets.UTF_8)) {
      EdnWriter.write(history, w, true);
    }
  }

  /** Copies a node's log (and console output) into nodes/<node>/. */
  void addNodeLog(String node, Path log, Path console) throws IOException {
    Path to = dir.resolve("nodes").resolve(node);
    Files.createDirectories(to);
    if (Files.exists(log)) {
      Files.copy(log, to.resolve("node.log"), StandardCopyOption.REPLACE_EXISTING);
    }
    if (console != null && Files.exists(console)) {
      Files.copy(console, to.resolve("console.log"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Copies a node's raft journal into nodes/<node>/raft-journal.log; returns the copy (null if none). */
  Path addJournal(String node, Path journal) throws IOException {
    if (journal == null || !Files.exists(journal)) {
      return null;
    }
    Path to = dir.resolve("nodes").resolve(node);
    Files.createDirectories(to);
    return Files.copy(journal, to.resolve("raft-journal.log"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Points results/latest at this bundle (a relative symlink). */
  void linkLatest() throws IOException {
    Path latest = results.resolve("latest");
    Files.deleteIfExists(latest);
    Files.createSymbolicLink(latest, results.relativize(dir));
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
