package io.gauntlet.workloads.kvsrv;

import io.gauntlet.system.kvsrv.KvLock;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A {@link KvLock} whose acquires and releases are recorded in the {@code mutex} history format. */
public final class RecordedLock {
  private final KvLock lock;
  private final SimHistory history;
  private final int process;

  RecordedLock(KvLock lock, SimHistory history) {
    this.lock = lock;
    this.history = history;
    this.process = history.newProcess();
  }

  public KvLock lock() {
    return lock;
  }

  public CompletableFuture<Void> acquire() {
    return record("acquire", lock::acquire);
  }

  public CompletableFuture<Void> release() {
    return record("release", lock::release);
  }

  private CompletableFuture<Void> record(String f, Supplier<CompletableFuture<Void>> call) {
    history.invoke(process, f, null, null, null);
    return call.get().thenApply(v -> {
      history.ok(process, null);
      return v;
    });
  }
}
