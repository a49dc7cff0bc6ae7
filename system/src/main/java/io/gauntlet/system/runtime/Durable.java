package io.gauntlet.system.runtime;

import java.util.List;

/**
 * A node's durable storage: an append-only record log plus a few named blobs (hard state,
 * snapshot). Writes are staged and become durable together at the next {@link #sync}; a crash
 * loses every write whose sync had not completed (a torn tail of the log may survive as a
 * whole-record prefix of what was appended, never a partial record).
 *
 * <p>Contract shared by {@code SimDurable} (simulator) and {@code FileDurable} (real files):
 * <ul>
 *   <li>{@link #append} returns the record's sequence number; sequence numbers start at 1 on a new
 *       store and strictly increase; after a restart the next one is larger than every durable
 *       one, even if compaction dropped them all (numbers of records lost in a crash may be
 *       reused).</li>
 *   <li>{@link #put} replaces a blob atomically: after a crash the blob is either the old or the
 *       new value, never a mix.</li>
 *   <li>{@link #compact} lets the store drop records with a smaller sequence number. It may keep
 *       some (a file store drops whole segments), so readers must tolerate extra old records.</li>
 *   <li>{@link #sync} makes everything staged before it durable, in this order: log records, then
 *       blobs, then compaction; then runs {@code onDurable} on the node's thread.</li>
 *   <li>{@link #records()} and {@link #get} describe what was durable when the store was opened
 *       plus what has been synced since.</li>
 * </ul>
 */
public interface Durable {
  /** Stages a record at the end of the log; returns its sequence number. */
  long append(byte[] record);

  /** Stages an atomic replacement of the named blob. */
  void put(String name, byte[] value);

  /** Stages permission to drop records with sequence number below {@code firstSeqToKeep}. */
  void compact(long firstSeqToKeep);

  /** Makes every staged write durable, then calls {@code onDurable} on the node's thread. */
  void sync(Runnable onDurable);

  /** The durable records, oldest first. */
  List<Record> records();

  /** The durable value of a blob, or null if it was never put. */
  byte[] get(String name);

  /** Bytes held by the retained log records (not counting blobs), for snapshot triggers. */
  long logBytes();

  /** A log record and its sequence number. */
  record Record(long seq, byte[] data) {}
}
