package io.gauntlet.system.runtime;

/** A handle to a scheduled timer. Cancelling twice, or after it fired, does nothing. */
@FunctionalInterface
public interface Cancellable {
  void cancel();
}
