package io.gauntlet.control.testbed;

import io.gauntlet.control.remote.Commands;
import java.io.IOException;
import java.util.List;

/** The source commit of this build, for test.json (so a run can be repeated on the same code). */
final class GitCommit {
  private GitCommit() {}

  static String describe() {
    try {
      String dir = io.gauntlet.control.cli.RepoRoot.find().toString();
      return Commands.run(List.of("git", "-C", dir, "describe", "--always", "--dirty", "--abbrev=40"));
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
