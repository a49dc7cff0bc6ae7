package io.gauntlet.checker.history;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks, one event at a time, the rules of docs/history-format.md that span lines: a dense increasing
 * index from 0, non-decreasing time, completions pairing with the open invoke of the same process
 * (same f and key), at most one call outstanding per process, and no reuse of a process after an
 * {@code info}. Holds state per process only, so it streams over histories of any length.
 *
 * <p>The nemesis follows Jepsen's convention as well: its operations may be {@code info} lines with
 * no {@code invoke} (Jepsen and Knossos write a fault as an {@code info} when it begins and another
 * when it is done). Such an {@code info} opens a nemesis call, the next nemesis {@code info} of the
 * same f completes it, and one of another f leaves the open call as an instant (completed by
 * itself, see {@link #takeInstant()}). The linearizability check ignores the nemesis anyway.
 */
public final class HistoryValidator {
  /** What we remember about one process. Lines are 1-based source lines. */
  private static final class ProcessState {
    Op openInvoke;
    long openInvokeLine;
    long lastCompletionLine = -1;
    long crashedLine = -1;
  }

  private final String source;
  private final Map<Integer, ProcessState> processes = new HashMap<>();
  private long expectedIndex = 0;
  private long lastTime = Long.MIN_VALUE;
  private long lastTimeLine = -1;
  private Op instant;

  public HistoryValidator(String source) {
    this.source = source;
  }

  /**
   * Accepts the next event, read from {@code line}; returns the invoke it completes (null for an
   * invoke), or throws {@link HistoryFormatException} naming the line and the problem.
   */
  public Op accept(Op op, long line) {
    if (op.index() != expectedIndex) {
      throw error(line, "index " + op.index() + " but expected " + expectedIndex
          + " (indices are dense, start at 0 and increase by 1)");
    }
    if (op.time() < lastTime) {
      throw error(line, "time " + op.time() + " is before the time " + lastTime + " at line "
          + lastTimeLine + " (times are monotonic)");
    }
    expectedIndex++;
    lastTime = op.time();
    lastTimeLine = line;
    ProcessState p = processes.computeIfAbsent(op.process(), k -> new ProcessState());
    if (op.isNemesis() && op.type() == OpType.INFO && (p.openInvoke == null
        || p.openInvoke.type() == OpType.INFO && !p.openInvoke.f().equals(op.f()))) {
      instant = p.openInvoke; // a Jepsen-style nemesis info with no invoke opens a call
      p.openInvoke = op;
      p.openInvokeLine = line;
      return null;
    }
    if (op.isNemesis() && op.isInvoke() && p.openInvoke != null && p.openInvoke.type() == OpType.INFO) {
      instant = p.openInvoke; // an info-opened nemesis call left open, then an invoke: an instant
      p.openInvoke = null;
    }
    if (op.isInvoke()) {
      if (p.openInvoke != null) {
        throw error(line, "process " + op.processName() + " invokes again but its invoke at line "
            + p.openInvokeLine + " has not completed (a process has at most one call outstanding)");
      }
      if (p.crashedLine >= 0 && !op.isNemesis()) {
        throw error(line, "process " + op.processName() + " is reused after its info completion at"
            + " line " + p.crashedLine + " (after info a client opens a new process number)");
      }
      p.openInvoke = op;
      p.openInvokeLine = line;
      return null;
    }
    Op invoke = p.openInvoke;
    if (invoke == null) {
      String last = p.lastCompletionLine < 0
          ? "process " + op.processName() + " never invoked before"
          : "last invoke of " + op.processName() + " completed at line " + p.lastCompletionLine;
      throw error(line, "completion for process " + op.processName() + " has no open invoke ("
          + last + ")");
    }
    if (!invoke.f().equals(op.f())) {
      throw error(line, "completion has f \"" + op.f() + "\" but the invoke of process "
          + op.processName() + " at line " + p.openInvokeLine + " has f \"" + invoke.f() + "\"");
    }
    if (op.key() != null && !op.key().equals(invoke.key())) {
      throw error(line, "completion has key \"" + op.key() + "\" but the invoke of process "
          + op.processName() + " at line " + p.openInvokeLine + " has key "
          + (invoke.key() == null ? "none" : "\"" + invoke.key() + "\""));
    }
    p.openInvoke = null;
    p.lastCompletionLine = line;
    if (op.type() == OpType.INFO) {
      p.crashedLine = line;
    }
    return invoke;
  }

  /**
   * The nemesis call opened by an {@code info} that the last event left behind (an {@code info} of
   * another f came first), or null; clears it. Such a call is an instant: its own completion.
   */
  public Op takeInstant() {
    Op o = instant;
    instant = null;
    return o;
  }

  private HistoryFormatException error(long line, String problem) {
    return new HistoryFormatException(source, line, problem);
  }
}
