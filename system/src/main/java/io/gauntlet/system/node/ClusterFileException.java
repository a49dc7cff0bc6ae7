package io.gauntlet.system.node;

import java.nio.file.Path;

/** A cluster file that cannot be used; the message names the file and what is wrong in it. */
public final class ClusterFileException extends Exception {
  public ClusterFileException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public ClusterFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
