package io.gauntlet.checker.history;

/**
 * An invoke paired with its completion: one call of a process. A call whose invoke never completed
 * has a null {@code completion} and counts as {@code info} (it may have taken effect or not).
 *
 * @param invoke the invoke event
 * @param completion the ok/fail/info event, or null if the history ended first
 */
public record Call(Op invoke, Op completion) {

  /** How the call ended: OK, FAIL, or INFO (also for a call that never completed). */
  public OpType outcome() {
    return completion == null ? OpType.INFO : completion.type();
  }

  public boolean isOk() {
    return outcome() == OpType.OK;
  }

  public boolean isInfo() {
    return outcome() == OpType.INFO;
  }

  public int process() {
    return invoke.process();
  }

  public String f() {
    return invoke.f();
  }

  public String key() {
    return invoke.key();
  }

  /** History index of the completion, or {@code Long.MAX_VALUE} if none (it never returned). */
  public long returnIndex() {
    return completion == null ? Long.MAX_VALUE : completion.index();
  }

  /** Time of the completion, or {@code Long.MAX_VALUE} if none. */
  public long returnTime() {
    return completion == null ? Long.MAX_VALUE : completion.time();
  }
}
