package io.gauntlet.workloads.kvsrv;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Live heap after garbage collection, as the labs' memory tests read it (runtime.GC twice, then
 * HeapAlloc). Used to show that a server's memory does not grow with its number of clients.
 */
public final class HeapMeter {
  private HeapMeter() {}

  /** Bytes of heap in use after full collections (repeated until the figure settles). */
  public static long usedAfterGc() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long used = mem.getHeapMemoryUsage().getUsed();
      if (used >= last) {
        return Math.min(used, last);
      }
      last = used;
    }
    return last;
  }
}
