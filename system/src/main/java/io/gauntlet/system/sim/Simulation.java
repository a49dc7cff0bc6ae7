package io.gauntlet.system.sim;

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
    now = e.time;
    if (!e.cancelled) {
      eventsRun++;
      e.action.run();
    }
    return true;
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
