package io.gauntlet.checker.crosscheck;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * A prerequisite of the Porcupine tests (Go, Porcupine's module in the Go cache). Missing on a
 * developer's machine, the test is skipped with a message; under CI ({@code CI=true}) a missing
 * prerequisite fails the test, because .ci/run installs Go and a skipped cross-check would let CI
 * pass without ever comparing verdicts.
 */
final class CiPrerequisite {
  private CiPrerequisite() {}

  /** Skips (or, under CI=true, fails) the calling test unless {@code present}. */
  static void require(boolean present, String missing) {
    if (present) {
      return;
    }
    if (underCi()) {
      fail(missing + "; CI=true, so this test must run (.ci/run installs golang-go)");
    }
    Assumptions.abort("SKIPPED: " + missing);
  }

  static boolean underCi() {
    return "true".equals(System.getenv("CI"));
  }
}
