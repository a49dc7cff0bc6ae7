package io.gauntlet.checker.knossos;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs the stand-in Knossos namespaces (test resources {@code fake-knossos/knossos/*.clj}) into a
 * jar, as the user's standalone Knossos jar would be. They live under {@code fake-knossos/} so that
 * they are not on the test class path themselves: only the jar brings them.
 */
final class FakeKnossos {
  private FakeKnossos() {}

  static Path jar(Path dir) throws IOException, URISyntaxException {
    Path root = Path.of(FakeKnossos.class.getResource("/fake-knossos/knossos/competition.clj").toURI())
        .getParent().getParent();
    Path jar = dir.resolve("knossos-fake-standalone.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
        Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        j.putNextEntry(new JarEntry(root.relativize(p).toString().replace('\\', '/')));
        j.write(Files.readAllBytes(p));
        j.closeEntry();
      }
    }
    return jar;
  }

  /** A jar holding {@code entries} (name -> text), for jars that are not Knossos. */
  static Path jarOf(Path file, List<String> entries) throws IOException {
    try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(file))) {
      for (String e : entries) {
        j.putNextEntry(new JarEntry(e));
        j.write("(ns x)".getBytes());
        j.closeEntry();
      }
    }
    return file;
  }
}
