package io.gauntlet.checker.linear;

import java.util.concurrent.atomic.AtomicLong;

/** The memory budget shared by the searches of all keys of one check. */
final class MemoryMeter {
  /** Thrown (without a stack trace) when a reservation would pass the budget. */
  static final class Exceeded extends RuntimeException {
    Exceeded() {
      super(null, null, false, false);
    }
  }

  private final long budget;
  private final AtomicLong used = new AtomicLong();

  MemoryMeter(long budget) {
    this.budget = budget;
  }

  /** Reserves {@code bytes} or throws {@link Exceeded}. */
  void reserve(long bytes) {
    if (used.addAndGet(bytes) > budget) {
      used.addAndGet(-bytes);
      throw new Exceeded();
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long budget() {
    return budget;
  }
}
