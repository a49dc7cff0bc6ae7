package io.gauntlet.workloads.kvsrv;

import io.gauntlet.system.Seeds;
import org.junit.jupiter.api.Test;

/**
 * The unreliable-network scenarios over consecutive seeds: each run is cheap in virtual time, and
 * rare interleavings (a claim's resend racing another client's release, a release's ErrMaybe) show
 * up only across many schedules.
 */
class KvsrvSweepTest {
  static final int SEEDS = 50;
  static final long SECOND = 1_000_000_000L;

  @Test
  void lockTenClientsUnreliable() {
    Seeds.sweep(SEEDS, seed -> KvLockTest.lockRun("SweepLockUnreliable", seed, 10, false, 10 * SECOND));
  }

  @Test
  void putTenClientsUnreliable() {
    Seeds.sweep(SEEDS, seed -> VersionedKvTest.putRun("SweepPutUnreliable", seed, false, 5 * SECOND,
        VersionedKvTest.UNRELIABLE_VERSION));
  }
}
