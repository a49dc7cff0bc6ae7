package io.gauntlet.system.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory log: a snapshot point (index, term) followed by the entries after it. Index 0 with
 * term 0 is the empty log's sentinel.
 */
public final class RaftLog {
  private long snapIndex;
  private long snapTerm;
  private final ArrayList<Entry> entries = new ArrayList<>();

  public long snapshotIndex() {
    return snapIndex;
  }

  public long snapshotTerm() {
    return snapTerm;
  }

  public long firstIndex() {
    return snapIndex + 1;
  }

  public long lastIndex() {
    return snapIndex + entries.size();
  }

  public long lastTerm() {
    return entries.isEmpty() ? snapTerm : entries.get(entries.size() - 1).term();
  }

  /** The term of the entry at {@code index}; -1 if compacted away or beyond the end. */
  public long term(long index) {
    if (index == snapIndex) {
      return snapTerm;
    }
    if (index < snapIndex || index > lastIndex()) {
      return -1;
    }
    return entries.get((int) (index - snapIndex - 1)).term();
  }

  public Entry entry(long index) {
    return entries.get((int) (index - snapIndex - 1));
  }

  /** Entries in [from, to), from must be > snapshotIndex. */
  public List<Entry> slice(long from, long to) {
    return new ArrayList<>(entries.subList((int) (from - snapIndex - 1), (int) (to - snapIndex - 1)));
  }

  /** Entries from {@code from}, at most {@code maxEntries} and about {@code maxBytes}. */
  public List<Entry> slice(long from, int maxEntries, int maxBytes) {
    long to = Math.min(lastIndex() + 1, from + maxEntries);
    List<Entry> out = new ArrayList<>();
    int bytes = 0;
    for (long i = from; i < to; i++) {
      Entry e = entry(i);
      if (!out.isEmpty() && bytes + e.sizeBytes() > maxBytes) {
        break;
      }
      out.add(e);
      bytes += e.sizeBytes();
    }
    return out;
  }

  public void append(Entry e) {
    if (e.index() != lastIndex() + 1) {
      throw new IllegalStateException("raft log: appending index " + e.index() + " after " + lastIndex());
    }
    entries.add(e);
  }

  /** Drops the entries at {@code index} and after. */
  public void truncateFrom(long index) {
    int keep = (int) (index - snapIndex - 1);
    if (keep < 0) {
      throw new IllegalStateException("raft log: truncating at " + index + " below snapshot " + snapIndex);
    }
    if (keep < entries.size()) {
      entries.subList(keep, entries.size()).clear();
    }
  }

  /** Drops entries up to and including {@code index} (which must be in the log), keeping the rest. */
  public void compactTo(long index) {
    if (index <= snapIndex) {
      return;
    }
    long t = term(index);
    if (t < 0) {
      throw new IllegalStateException("raft log: compacting to " + index + " beyond last " + lastIndex());
    }
    entries.subList(0, (int) (index - snapIndex)).clear();
    snapIndex = index;
    snapTerm = t;
  }

  /** Discards the whole log: it now starts after the snapshot point (index, term). */
  public void reset(long index, long term) {
    entries.clear();
    snapIndex = index;
    snapTerm = term;
  }

  /** Whether a log ending at (lastIndex, lastTerm) is at least as up to date as this one (§5.4.1). */
  public boolean isUpToDate(long otherLastIndex, long otherLastTerm) {
    long lt = lastTerm();
    return otherLastTerm > lt || (otherLastTerm == lt && otherLastIndex >= lastIndex());
  }
}
