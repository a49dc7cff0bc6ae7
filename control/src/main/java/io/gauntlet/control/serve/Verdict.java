package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A bundle's verdict as the index shows it: the checker's three, a crashed run, a bundle the
 * server cannot read ({@code incomplete}, with the reason), and a test still {@code running}.
 */
public enum Verdict {
  VALID, INVALID, UNKNOWN, CRASHED, INCOMPLETE, RUNNING;

  /**
   * The verdict a results.json "valid" field names: test bundles write "true" / "false" /
   * "unknown" / "crashed", the checker's own results.json (sim soaks) a boolean; null if neither.
   */
  static Verdict ofValid(JsonNode valid) {
    if (valid == null || valid.isNull()) {
      return null;
    }
    return switch (valid.asText()) {
      case "true" -> VALID;
      case "false" -> INVALID;
      case "unknown" -> UNKNOWN;
      case "crashed" -> CRASHED;
      default -> null;
    };
  }
}
