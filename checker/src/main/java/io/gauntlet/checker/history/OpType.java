package io.gauntlet.checker.history;

/** The four kinds of history event, as in Jepsen: a call began, or it ended one of three ways. */
public enum OpType {
  /** A call began; its value is the argument. */
  INVOKE("invoke"),
  /** The call took effect and returned; its value is the result. */
  OK("ok"),
  /** The call certainly did not take effect. */
  FAIL("fail"),
  /** Unknown: the call may or may not have taken effect, at any time after its invoke. */
  INFO("info");

  private final String json;

  OpType(String json) {
    this.json = json;
  }

  /** The spelling used in history.jsonl. */
  public String json() {
    return json;
  }

  public boolean isCompletion() {
    return this != INVOKE;
  }

  /** The type spelled {@code s} in a history file, or null if {@code s} names none. */
  public static OpType fromJson(String s) {
    for (OpType t : values()) {
      if (t.json.equals(s)) {
        return t;
      }
    }
    return null;
  }
}
