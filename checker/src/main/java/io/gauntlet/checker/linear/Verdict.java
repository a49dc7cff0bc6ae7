package io.gauntlet.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** A checker's answer, as Jepsen gives it: valid, invalid, or unknown (a budget ran out). */
public enum Verdict {
  VALID,
  INVALID,
  UNKNOWN;

  /** The word printed by {@code gauntlet check}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The {@code "valid"} field of results.json: true, false, or "unknown". */
  public JsonNode json() {
    return switch (this) {
      case VALID -> BooleanNode.TRUE;
      case INVALID -> BooleanNode.FALSE;
      case UNKNOWN -> TextNode.valueOf("unknown");
    };
  }

  /** Combines two partitions' verdicts: invalid wins, then unknown. */
  public Verdict and(Verdict other) {
    if (this == INVALID || other == INVALID) {
      return INVALID;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
  }
}
