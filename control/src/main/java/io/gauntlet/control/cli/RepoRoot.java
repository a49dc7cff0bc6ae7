package io.gauntlet.control.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the source checkout the running jar was built from (for tools kept beside the sources). */
public final class RepoRoot {
  private RepoRoot() {}

  /**
   * The nearest ancestor of the jar (control/target/gauntlet.jar) or of the working directory that
   * holds the parent pom.xml and checker/; the working directory if none does.
   */
  public static Path find() {
    try {
      Path here = Path.of(RepoRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path found = search(here);
      if (found != null) {
        return found;
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // fall through to the working directory
    }
    Path cwd = Path.of("").toAbsolutePath();
    Path found = search(cwd);
    return found != null ? found : cwd;
  }

  private static Path search(Path from) {
    for (Path p = from.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("checker"))) {
        return p;
      }
    }
    return null;
  }
}
