package io.gauntlet.system.sim;

import java.util.List;

/**
 * A simulated run exceeded its budget (of events, of virtual time, or of events at one instant of
 * virtual time): the system under test is livelocked or flooding itself, so the seed fails instead
 * of hanging the soak. Carries the events that ran right after the budget tripped, which are the
 * ones the run was stuck in.
 */
public final class NoProgress extends RuntimeException {
  /** The failure name every soak reports for this. */
  public static final String NAME = "no progress";

  private final List<String> lastEvents;

  NoProgress(String reason, List<String> lastEvents) {
    super(reason);
    this.lastEvents = List.copyOf(lastEvents);
  }

  /** The trace lines of the last events run (message deliveries, crashes, ...), oldest first. */
  public List<String> lastEvents() {
    return lastEvents;
  }

  /** The reason and the last events, one per line, for a failure report. */
  public String report() {
    StringBuilder b = new StringBuilder(getMessage()).append("\nlast events:\n");
    if (lastEvents.isEmpty()) {
      b.append("  (none traced: only timers ran)\n");
    }
    for (String e : lastEvents) {
      b.append("  ").append(e).append('\n');
    }
    return b.toString();
  }
}
