package io.gauntlet.control.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps a path taken from a URL to a file inside the results folder, and refuses anything that
 * would leave it: {@code ..} or {@code .} segments, absolute paths, backslashes, NUL, and symlinks
 * (at any depth) whose target lies outside. The check is on the real path, so a symlink inside the
 * folder that points to another place inside it (results/latest) is fine.
 */
public final class PathConfinement {
  private final Path root;
  private final Path realRoot;

  public PathConfinement(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = root.toRealPath();
  }

  public Path root() {
    return root;
  }

  /**
   * The existing file or folder {@code relative} names under the root, or empty if the name is
   * malformed, escapes the root (lexically or through a symlink), or does not exist.
   */
  public Optional<Path> resolve(String relative) {
    if (!wellFormed(relative)) {
      return Optional.empty();
    }
    Path p = relative.isEmpty() ? root : root.resolve(relative);
    return inside(p) ? Optional.of(p) : Optional.empty();
  }

  /** Whether the existing path {@code p} really (after every symlink) lies inside the root. */
  public boolean inside(Path p) {
    try {
      return p.toRealPath().startsWith(realRoot);
    } catch (IOException e) {
      return false; // missing, a dangling link, or unreadable: not served
    }
  }

  /** Whether {@code p} is a regular file that really lies inside the root (what may be served or zipped). */
  public boolean servable(Path p) {
    return inside(p) && Files.isRegularFile(p);
  }

  static boolean wellFormed(String relative) {
    if (relative == null || relative.startsWith("/") || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) {
      return false;
    }
    if (relative.isEmpty()) {
      return true;
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
