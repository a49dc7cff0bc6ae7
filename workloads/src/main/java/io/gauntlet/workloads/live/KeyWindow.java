package io.gauntlet.workloads.live;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jepsen's {@code independent} keys: {@code active} keys in use at once, each retired after about
 * {@code opsPerKey} calls for a fresh one, so every key's history stays small enough to check exactly.
 */
final class KeyWindow {
  private final String prefix;
  private final int active;
  private final int opsPerKey;
  private final AtomicLong ops = new AtomicLong();
  private final Set<String> used = new ConcurrentSkipListSet<>();

  KeyWindow(String prefix, int active, int opsPerKey) {
    this.prefix = prefix;
    this.active = active;
    this.opsPerKey = opsPerKey;
  }

  /** The next call's number (across all clients). */
  long nextOp() {
    return ops.getAndIncrement();
  }

  /** The key call {@code op} goes to, drawn among the keys active at that point. */
  String keyFor(long op, SplittableRandom r) {
    long generation = op / ((long) opsPerKey * active);
    String key = prefix + (generation * active + r.nextInt(active));
    used.add(key);
    return key;
  }

  Set<String> used() {
    return used;
  }
}
