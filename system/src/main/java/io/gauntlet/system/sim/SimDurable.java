package io.gauntlet.system.sim;

import io.gauntlet.system.runtime.Durable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Durable storage that models fsync. Staged writes become durable only when their sync completes,
 * a short virtual time after {@link #sync} (syncs complete one after another, as one disk does). A
 * crash discards every write whose sync had not completed; with torn writes enabled it may keep a
 * whole-record prefix of the log records of the first incomplete sync (never its blobs), as a disk
 * that wrote some pages before power was lost would.
 */
public final class SimDurable implements Durable {
  private static final long MIN_FSYNC_NANOS = 100_000;
  private static final long MAX_FSYNC_NANOS = 1_000_000;

  private final Simulation sim;
  private final SplittableRandom random;
  private SimRuntime runtime;

  private final ArrayDeque<Record> records = new ArrayDeque<>();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private long logBytes;
  private long lastDurableSeq;

  private long nextSeq = 1;
  private List<Record> stagedRecords = new ArrayList<>();
  private Map<String, byte[]> stagedBlobs = new LinkedHashMap<>();
  private long stagedCompact;
  private final ArrayDeque<Batch> pending = new ArrayDeque<>();
  private long diskFreeAt;
  private long syncs;

  private record Batch(List<Record> records, Map<String, byte[]> blobs, long compact) {}

  SimDurable(Simulation sim, SplittableRandom random) {
    this.sim = sim;
    this.random = random;
  }

  void attach(SimRuntime rt) {
    this.runtime = rt;
  }

  @Override
  public long append(byte[] record) {
    Record r = new Record(nextSeq++, record);
    stagedRecords.add(r);
    return r.seq();
  }

  @Override
  public void put(String name, byte[] value) {
    stagedBlobs.put(name, value);
  }

  @Override
  public void compact(long firstSeqToKeep) {
    stagedCompact = Math.max(stagedCompact, firstSeqToKeep);
  }

  @Override
  public void sync(Runnable onDurable) {
    Batch b = new Batch(stagedRecords, stagedBlobs, stagedCompact);
    stagedRecords = new ArrayList<>();
    stagedBlobs = new LinkedHashMap<>();
    pending.add(b);
    long start = Math.max(sim.now(), diskFreeAt);
    long done = start + MIN_FSYNC_NANOS + random.nextLong(MAX_FSYNC_NANOS - MIN_FSYNC_NANOS);
    diskFreeAt = done;
    runtime.schedule(done - sim.now(), () -> { // tied to this incarnation: a crash cancels it
      complete(pending.poll());
      onDurable.run();
    });
  }

  private void complete(Batch b) {
    syncs++;
    for (Record r : b.records) {
      records.add(r);
      logBytes += r.data().length;
      lastDurableSeq = r.seq();
    }
    blobs.putAll(b.blobs);
    while (!records.isEmpty() && records.peekFirst().seq() < b.compact) {
      logBytes -= records.pollFirst().data().length;
    }
  }

  /** Loses every unsynced write (keeping a torn prefix of the first pending batch if allowed). */
  void crash(boolean torn) {
    Batch first = pending.peekFirst();
    if (torn && first != null && !first.records.isEmpty() && random.nextInt(3) == 0) {
      int keep = random.nextInt(first.records.size() + 1);
      for (Record r : first.records.subList(0, keep)) {
        records.add(r);
        logBytes += r.data().length;
        lastDurableSeq = r.seq();
      }
    }
    pending.clear();
    stagedRecords = new ArrayList<>();
    stagedBlobs = new LinkedHashMap<>();
    stagedCompact = 0;
    // Sequence numbers resume after the last durable record, as a file store recovering would.
    nextSeq = lastDurableSeq + 1;
  }

  @Override
  public List<Record> records() {
    return Collections.unmodifiableList(new ArrayList<>(records));
  }

  @Override
  public byte[] get(String name) {
    return blobs.get(name);
  }

  @Override
  public long logBytes() {
    return logBytes;
  }

  /** Durable bytes of a blob (0 if absent). */
  public long blobBytes(String name) {
    byte[] b = blobs.get(name);
    return b == null ? 0 : b.length;
  }

  /** How many syncs have completed. */
  public long syncs() {
    return syncs;
  }
}
