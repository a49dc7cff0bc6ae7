package io.gauntlet.system.shardctrler;

import io.gauntlet.system.runtime.Runtime;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A clerk's calls, run one at a time in order on the node's thread: a clerk is one logical client
 * with one sequence of (client, seq) numbers, so a new call starts only when the last one finished.
 * Calls may be submitted from any thread; they are created (and numbered) on the node's thread.
 */
public final class SerialCalls<C> {
  private final Runtime rt;
  private final Consumer<C> start;
  private final ArrayDeque<C> queue = new ArrayDeque<>();
  private C current;

  /** @param start begins a call (sends its first request); runs on the node's thread */
  public SerialCalls(Runtime rt, Consumer<C> start) {
    this.rt = rt;
    this.start = start;
  }

  /** Hands a call to the node's thread; {@code make} builds it there, in submission order. */
  public void submit(Supplier<C> make) {
    rt.schedule(0, () -> {
      queue.add(make.get());
      if (current == null) {
        next();
      }
    });
  }

  /** The running call, or null. */
  public C current() {
    return current;
  }

  /** The running call finished: start the next one. */
  public void finished() {
    current = null;
    next();
  }

  public boolean busy() {
    return current != null || !queue.isEmpty();
  }

  private void next() {
    current = queue.poll();
    if (current != null) {
      start.accept(current);
    }
  }
}
