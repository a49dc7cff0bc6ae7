package io.gauntlet.system.mapreduce;

import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Durable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A hand-driven runtime for unit tests of one node: virtual time, sent messages kept in a list. */
final class ManualRuntime implements Runtime {
  record Sent(String to, Message m) {}

  private record Timer(long at, long seq, Runnable task, boolean[] cancelled) {}

  final List<Sent> sent = new ArrayList<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  @Override
  public String self() {
    return "coordinator";
  }

  @Override
  public long nowNanos() {
    return now;
  }

  @Override
  public RandomGenerator random() {
    return new SplittableRandom(1);
  }

  @Override
  public void send(String to, Message m) {
    sent.add(new Sent(to, m));
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    boolean[] cancelled = {false};
    timers.add(new Timer(now + delayNanos, seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  @Override
  public Durable durable() {
    throw new UnsupportedOperationException();
  }

  /** Advances virtual time, firing due timers in order. */
  void advance(long nanos) {
    long until = now + nanos;
    while (!timers.isEmpty() && timers.peek().at <= until) {
      Timer t = timers.poll();
      now = t.at;
      if (!t.cancelled[0]) {
        t.task.run();
      }
    }
    now = until;
  }

  Message last() {
    return sent.get(sent.size() - 1).m();
  }
}
