package io.gauntlet.system.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many syncs in flight are covered by one fsync. */
class GroupCommitTest {
  @TempDir Path tmp;

  @Test
  void syncsStagedWhileAnFsyncRoundIsBusyShareTheNextFsync() throws Exception {
    // Hold the syncer inside its first round (handing out the first callback) so that the next
    // syncs all pile up behind it, as they do when an fsync is slow. No timing involved.
    CountDownLatch inFirstRound = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    Executor gated = r -> {
      if (first.getAndSet(false)) {
        inFirstRound.countDown();
        await(release);
      }
      r.run();
    };
    int n = 500;
    try (FileDurable d = new FileDurable(tmp, gated)) {
      d.append("first".getBytes());
      d.sync(() -> {});
      await(inFirstRound);
      assertEquals(1, d.fsyncCount());

      List<Integer> done = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch all = new CountDownLatch(n);
      for (int i = 0; i < n; i++) {
        d.append(("r" + i).getBytes());
        int k = i;
        d.sync(() -> {
          done.add(k);
          all.countDown();
        });
      }
      release.countDown();
      assertTrue(all.await(30, TimeUnit.SECONDS), "callbacks did not all run");
      assertEquals(2, d.fsyncCount(), n + " syncs staged during one round must share one fsync");
      assertEquals(2, d.syncRounds());
      assertEquals(n + 1, d.records().size());
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expected.add(i);
      }
      assertEquals(expected, done, "callbacks must run in sync order");
    }
  }

  @Test
  void aSyncWithNothingStagedDoesNotFsyncTheLog() throws Exception {
    try (FileDurable d = TestStores.open(tmp, 1 << 20)) {
      TestStores.syncNow(d);
      assertEquals(0, d.fsyncCount());
      d.append(new byte[1]);
      TestStores.syncNow(d);
      assertEquals(1, d.fsyncCount());
    }
  }

  private static void await(CountDownLatch l) {
    try {
      if (!l.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within 30 s");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
