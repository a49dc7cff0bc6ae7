package io.gauntlet.system.sim;

import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The deterministic core of the simulator: a virtual clock and one queue of events, run on the
 * caller's thread. Events at the same virtual time run in the order they were scheduled, so a seed
 * (which fixes every random choice) reproduces a run exactly.
 */
public final class Simulation {
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final SplittableRandom random;
  private final long seed;
  private long now;
  private long nextSeq;
  private long eventsRun;
  private Consumer<String> trace;

  // The budget (off unless set): see budget().
  private long maxEvents = Long.MAX_VALUE;
  private long maxNanos = Long.MAX_VALUE;
  private long maxEventsPerInstant = Long.MAX_VALUE;
  private long eventsThisInstant;
  /** Why the budget tripped (null while within it); the run stops CAPTURE events later. */
  private String overBudget;
  private int captureLeft;
  private java.util.ArrayDeque<String> captured;
  private static final int CAPTURE = 40;

  public Simulation(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  public long seed() {
    return seed;
  }

  /** Virtual time in nanoseconds since the start of the run. */
  public long now() {
    return now;
  }

  public long eventsRun() {
    return eventsRun;
  }

  /** The simulation's root random source; every other random source is split from it. */
  public SplittableRandom random() {
    return random;
  }

  /** Sends trace lines (one per interesting event) to {@code sink}; null turns tracing off. */
  public void traceTo(Consumer<String> sink) {
    this.trace = sink;
  }

  public boolean tracing() {
    return trace != null;
  }

  /**
   * Bounds this run: at most {@code maxEvents} events, {@code maxNanos} of virtual time, and {@code
   * maxEventsPerInstant} events without the clock advancing (a node that reschedules itself with no
   * delay, or messages answered in zero time, would otherwise run forever at one instant). Past a
   * bound the run traces {@value #CAPTURE} more events and then {@link #step()} throws {@link
   * NoProgress} with them, so a livelocked seed fails with what it was doing instead of hanging.
   */
  public void budget(long maxEvents, long maxNanos, long maxEventsPerInstant) {
    this.maxEvents = maxEvents;
    this.maxNanos = maxNanos;
    this.maxEventsPerInstant = maxEventsPerInstant;
  }

  /** Records a trace line stamped with virtual time (only when tracing). */
  public void trace(String line) {
    if (trace != null) {
      trace.accept(String.format("%,14d ns %s", now, line));
    }
  }

  /** Schedules {@code action} at {@code now + delayNanos}. */
  public Event schedule(long delayNanos, Runnable action) {
    if (delayNanos < 0) {
      throw new IllegalArgumentException("negative delay " + delayNanos);
    }
    Event e = new Event(now + delayNanos, nextSeq++, action);
    queue.add(e);
    return e;
  }

  /** Runs the next event; false if there is none. */
  public boolean step() {
    Event e = queue.poll();
    if (e == null) {
      return false;
    }
    if (e.time != now) {
      eventsThisInstant = 0;
    }
    now = e.time;
    if (!e.cancelled) {
      eventsRun++;
      if (++eventsThisInstant > maxEventsPerInstant || eventsRun > maxEvents || now > maxNanos || overBudget != null) {
        overBudget();
      }
      e.action.run();
    }
    return true;
  }

  /** Past the budget: trace the next events into a small buffer, then throw NoProgress. */
  private void overBudget() {
    if (overBudget == null) {
      overBudget = eventsThisInstant > maxEventsPerInstant
          ? String.format("the clock stopped: %,d events ran at virtual time %,d ns without it advancing"
              + " (a bug: something answers or reschedules itself in zero time)", eventsThisInstant - 1, now)
          : eventsRun > maxEvents
              ? String.format("more than %,d events by virtual time %,d ms", maxEvents, now / 1_000_000)
              : String.format("virtual time passed %,d ms after %,d events", maxNanos / 1_000_000, eventsRun);
      captureLeft = CAPTURE;
      captured = new java.util.ArrayDeque<>();
      Consumer<String> previous = trace;
      trace = line -> {
        captured.add(line);
        if (previous != null) {
          previous.accept(line);
        }
      };
      return;
    }
    if (--captureLeft <= 0) {
      throw new NoProgress(String.format("%s (%,d events, %,d ms virtual)", overBudget,
          eventsRun, now / 1_000_000), List.copyOf(captured));
    }
  }

  /** Runs every event up to and including virtual time {@code until}, then sets the clock there. */
  public void runUntil(long until) {
    while (!queue.isEmpty() && queue.peek().time <= until) {
      step();
    }
    if (now < until) {
      now = until;
    }
  }

  /** Runs for {@code nanos} of virtual time. */
  public void runFor(long nanos) {
    runUntil(now + nanos);
  }

  /**
   * Runs until {@code done} holds (checked after each event) or {@code maxNanos} of virtual time
   * passes; returns whether it held.
   */
  public boolean runUntil(BooleanSupplier done, long maxNanos) {
    long deadline = now + maxNanos;
    if (done.getAsBoolean()) {
      return true;
    }
    while (!queue.isEmpty() && queue.peek().time <= deadline) {
      step();
      if (done.getAsBoolean()) {
        return true;
      }
    }
    if (now < deadline) {
      now = deadline;
    }
    return done.getAsBoolean();
  }

  /** A scheduled event; cancelling it makes it a no-op when its time comes. */
  public static final class Event implements Comparable<Event> {
    final long time;
    final long seq;
    final Runnable action;
    boolean cancelled;

    Event(long time, long seq, Runnable action) {
      this.time = time;
      this.seq = seq;
      this.action = action;
    }

    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
