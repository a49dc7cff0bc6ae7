package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Nothing in the repository points at files outside it, and the docs README links are there. */
class SelfContainedRepoTest {
  static final List<String> OUTSIDE = List.of("../shared", "HISTORY-FORMAT.md", "ARCHITECTURE.md");

  @Test
  void noFilePointsOutsideTheRepository() throws IOException {
    Path root = RepoRoot.find();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
          .filter(p -> !root.relativize(p).toString().matches("(.*/)?(target|\\.git|results)(/.*)?"))
          .filter(p -> !p.getFileName().toString().equals("SelfContainedRepoTest.java"))::iterator) {
        String text;
        try {
          text = Files.readString(f);
        } catch (MalformedInputException binary) {
          continue;
        }
        for (String s : OUTSIDE) {
          if (text.contains(s)) {
            found.add(root.relativize(f) + ": " + s);
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void readmeLinksTheProjectsOwnDocs() throws IOException {
    Path root = RepoRoot.find();
    String readme = Files.readString(root.resolve("README.md"));
    for (String doc : List.of("docs/history-format.md", "docs/architecture.md", "docs/decisions.md")) {
      assertTrue(readme.contains(doc), "README names " + doc);
      assertTrue(Files.isRegularFile(root.resolve(doc)), doc + " exists");
    }
  }
}
