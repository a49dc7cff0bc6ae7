package io.gauntlet.workloads.live;

import java.util.concurrent.atomic.AtomicLong;

/** Completed client calls so far, by outcome, for the progress line. */
public final class OpStats {
  public final AtomicLong ok = new AtomicLong();
  public final AtomicLong fail = new AtomicLong();
  public final AtomicLong info = new AtomicLong();

  public long total() {
    return ok.get() + fail.get() + info.get();
  }
}
