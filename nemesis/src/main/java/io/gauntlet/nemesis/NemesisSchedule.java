package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Jepsen's rhythm: quiet for an interval, then a fault drawn from the seed for an interval, healed,
 * and again, until the time limit. The same seed draws the same faults, shapes and targets (which
 * node is leader at the time is the cluster's business). {@link #healAll} undoes everything, also
 * after a failure.
 */
public final class NemesisSchedule {
  private final NodeShell shell;
  private final List<List<Fault>> choices;
  private final long intervalNanos;
  private final SplittableRandom random;
  private final NemesisLog log;
  private final Consumer<String> status;
  private volatile Fault active;
  private volatile boolean stopped;

  /**
   * @param status told the active fault's name ("" when none), for a progress line
   */
  public NemesisSchedule(NodeShell shell, List<List<Fault>> choices, long intervalNanos, long seed, NemesisLog log,
      Consumer<String> status) {
    this.shell = shell;
    this.choices = choices;
    this.intervalNanos = intervalNanos;
    this.random = new SplittableRandom(seed ^ 0x6e656d65L);
    this.log = log;
    this.status = status;
  }

  /** Runs until {@code deadlineNanos} (System.nanoTime) or {@link #stop}; heals what it started. */
  public void run(long deadlineNanos) throws InterruptedException {
    if (choices.isEmpty()) {
      return;
    }
    while (!stopped) {
      if (!sleepUntil(Math.min(deadlineNanos, System.nanoTime() + intervalNanos), deadlineNanos)) {
        break;
      }
      List<Fault> family = choices.get(random.nextInt(choices.size()));
      Fault f = family.get(random.nextInt(family.size()));
      try {
        active = f;
        status.accept(f.name());
        log.record("start-" + f.family(), f.start(shell, random));
      } catch (IOException | RuntimeException e) {
        log.record("start-" + f.family(), f.name() + " failed: " + e.getMessage());
      }
      sleepUntil(Math.min(deadlineNanos, System.nanoTime() + intervalNanos), Long.MAX_VALUE);
      heal(f);
    }
  }

  private void heal(Fault f) {
    try {
      log.record("stop-" + f.family(), f.stop(shell));
    } catch (IOException | RuntimeException e) {
      log.record("stop-" + f.family(), f.name() + " heal failed: " + e.getMessage());
    } finally {
      active = null;
      status.accept("");
    }
  }

  /** Sleeps until {@code until}; false if the deadline passed or the schedule was stopped. */
  private boolean sleepUntil(long until, long deadline) throws InterruptedException {
    while (!stopped) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return System.nanoTime() < deadline;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000L));
    }
    return false;
  }

  public void stop() {
    stopped = true;
  }

  /**
   * Heals everything a fault may have left: the active fault's own undo, then every node's packet
   * filter flushed and every node resumed. Safe to call more than once.
   */
  public void healAll() {
    stopped = true;
    Fault f = active;
    if (f != null) {
      heal(f);
    }
    if (shell.canFilterPackets()) {
      try {
        PacketFilter.healAll(shell);
      } catch (IOException e) {
        log.record("stop-partition", "final heal failed: " + e.getMessage());
      }
    }
    if (shell.links().isPresent()) {
      try {
        shell.links().get().clearAll();
      } catch (IOException e) {
        log.record("stop-toxics", "final heal failed: " + e.getMessage());
      }
    }
    for (String n : shell.nodes()) {
      try {
        shell.resume(n);
      } catch (IOException | RuntimeException e) {
        // not paused, or gone: nothing to resume
      }
    }
  }
}
