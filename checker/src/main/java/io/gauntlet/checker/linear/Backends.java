package io.gauntlet.checker.linear;

import java.nio.file.Path;
import java.util.List;

/** The back-ends known by name to {@code --checker}. */
public final class Backends {
  private Backends() {}

  public static List<String> names() {
    return List.of("wgl", "knossos");
  }

  /**
   * The back-end called {@code name}.
   *
   * @param knossosJar the standalone Knossos jar ({@code --knossos-jar}); only for "knossos"
   * @throws IllegalArgumentException for an unknown name or a missing/unusable argument
   */
  public static LinearizabilityBackend byName(String name, Path knossosJar) {
    switch (name) {
      case "wgl":
        return new WglBackend();
      case "knossos":
        if (knossosJar == null) {
          throw new IllegalArgumentException("--checker knossos needs --knossos-jar PATH (a standalone"
              + " Knossos jar; Knossos is published on Clojars only)");
        }
        return new io.gauntlet.checker.knossos.KnossosBackend(knossosJar);
      default:
        throw new IllegalArgumentException("unknown checker \"" + name + "\" (known: "
            + String.join(", ", names()) + ")");
    }
  }
}
