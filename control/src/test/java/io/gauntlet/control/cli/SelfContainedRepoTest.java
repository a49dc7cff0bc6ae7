package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository is self-contained: every Markdown document any file names exists in the
 * repository, and every relative Markdown link resolves to a file inside it. A reference to a
 * document that lives only beside the repository (which users never have) fails here.
 */
class SelfContainedRepoTest {
  private static final Pattern MD_NAME = Pattern.compile("[A-Za-z0-9_.-]+\\.md\\b");
  private static final Pattern MD_LINK = Pattern.compile("\\]\\(([^)#\\s]+)\\)");

  private static List<Path> textFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !root.relativize(p).toString().matches("(.*/)?(target|\\.git|results)(/.*)?"))
          .toList();
    }
  }

  private static String read(Path f) throws IOException {
    try {
      return Files.readString(f);
    } catch (MalformedInputException binary) {
      return null;
    }
  }

  @Test
  void everyDocumentNamedExistsInTheRepository() throws IOException {
    Path root = RepoRoot.find();
    List<Path> files = textFiles(root);
    Set<String> docs = new HashSet<>();
    for (Path f : files) {
      docs.add(f.getFileName().toString());
    }
    List<String> missing = new ArrayList<>();
    for (Path f : files) {
      String text = read(f);
      if (text == null) {
        continue;
      }
      Matcher m = MD_NAME.matcher(text);
      while (m.find()) {
        if (!docs.contains(m.group())) {
          missing.add(root.relativize(f) + " names " + m.group());
        }
      }
    }
    assertEquals(List.of(), missing, "documents named but not in the repository");
  }

  @Test
  void everyRelativeMarkdownLinkStaysInsideTheRepository() throws IOException {
    Path root = RepoRoot.find().toAbsolutePath().normalize();
    List<String> bad = new ArrayList<>();
    for (Path f : textFiles(root)) {
      if (!f.toString().endsWith(".md")) {
        continue;
      }
      Matcher m = MD_LINK.matcher(Files.readString(f));
      while (m.find()) {
        String target = m.group(1);
        if (target.contains("://") || target.startsWith("mailto:")) {
          continue;
        }
        Path resolved = f.toAbsolutePath().getParent().resolve(target).normalize();
        if (!resolved.startsWith(root) || !Files.exists(resolved)) {
          bad.add(root.relativize(f) + " links " + target);
        }
      }
    }
    assertEquals(List.of(), bad, "links that leave the repository or point nowhere");
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
