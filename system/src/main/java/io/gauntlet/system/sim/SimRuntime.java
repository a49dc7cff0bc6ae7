package io.gauntlet.system.sim;

import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Durable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Runtime;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The runtime one incarnation of a simulated node sees. Everything it schedules is tied to the
 * incarnation: after a crash, its timers and sync callbacks never run.
 */
final class SimRuntime implements Runtime {
  private final SimWorld world;
  private final SimWorld.Slot slot;
  private final long incarnation;
  private final SplittableRandom random;

  SimRuntime(SimWorld world, SimWorld.Slot slot, long incarnation, SplittableRandom random) {
    this.world = world;
    this.slot = slot;
    this.incarnation = incarnation;
    this.random = random;
  }

  boolean current() {
    return slot.alive && slot.incarnation == incarnation;
  }

  @Override
  public String self() {
    return slot.id;
  }

  @Override
  public long nowNanos() {
    return world.sim().now();
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public void send(String to, Message m) {
    if (current()) {
      world.send(slot, to, m);
    }
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    Simulation.Event e =
        world.sim().schedule(delayNanos, () -> {
          if (current()) {
            task.run();
          }
        });
    return e::cancel;
  }

  @Override
  public Durable durable() {
    return slot.durable;
  }
}
