package io.gauntlet.system.raft;

import io.gauntlet.system.runtime.Message;
import java.util.List;

/** The Raft protocol's messages (Figure 2, plus PreVote, heartbeats with ReadIndex rounds). */
public sealed interface RaftMessage extends Message {
  long term();

  /** Whether this message starts an exchange (the labs count these as RPCs). */
  boolean isRequest();

  @Override
  default boolean isReply() {
    return !isRequest();
  }

  /** RequestVote; with {@code preVote} it asks "would you vote for me in {@code term}?". */
  record VoteRequest(long term, long lastLogIndex, long lastLogTerm, boolean preVote)
      implements RaftMessage {
    public boolean isRequest() {
      return true;
    }
  }

  record VoteResponse(long term, boolean granted, boolean preVote) implements RaftMessage {
    public boolean isRequest() {
      return false;
    }
  }

  /** AppendEntries carrying entries (or none, as a probe of prevLogIndex). */
  record AppendRequest(long term, long prevLogIndex, long prevLogTerm, List<Entry> entries, long leaderCommit)
      implements RaftMessage {
    public boolean isRequest() {
      return true;
    }

    @Override
    public int sizeBytes() {
      int n = 48;
      for (Entry e : entries) {
        n += e.sizeBytes();
      }
      return n;
    }

    @Override
    public String toString() {
      return "Append(t" + term + " prev=" + prevLogIndex + "/" + prevLogTerm + " n=" + entries.size()
          + (entries.isEmpty() ? "" : " " + entries.get(0).index() + ".." + entries.get(entries.size() - 1).index())
          + " commit=" + leaderCommit + ")";
    }
  }

  /**
   * The answer to an AppendRequest or SnapshotRequest. On success, {@code matchIndex} is the last
   * index known to match the leader. On rejection, {@code rejectedIndex} is the request's
   * prevLogIndex and the conflict hint enables fast backup: the follower's term at that index and
   * the first index of that term, or (term -1) its log length + 1.
   */
  record AppendResponse(long term, boolean success, long matchIndex, long rejectedIndex, long conflictTerm, long conflictIndex)
      implements RaftMessage {
    public boolean isRequest() {
      return false;
    }
  }

  /** Keeps followers from starting elections; {@code round} confirms leadership for ReadIndex. */
  record Heartbeat(long term, long commit, long round) implements RaftMessage {
    public boolean isRequest() {
      return true;
    }
  }

  record HeartbeatResponse(long term, long round) implements RaftMessage {
    public boolean isRequest() {
      return false;
    }
  }

  /**
   * InstallSnapshot, one chunk of it (the Raft paper's Figure 13): bytes [offset, offset +
   * data.length) of the leader's snapshot through {@code lastIncludedIndex}; {@code done} marks the
   * last. A snapshot is never one message, so no frame's size depends on the snapshot's.
   */
  record SnapshotRequest(long term, long lastIncludedIndex, long lastIncludedTerm, long offset, byte[] data, boolean done)
      implements RaftMessage {
    public boolean isRequest() {
      return true;
    }

    @Override
    public int sizeBytes() {
      return 64 + data.length;
    }

    @Override
    public String toString() {
      return "Snapshot(t" + term + " " + lastIncludedIndex + "/" + lastIncludedTerm + " @" + offset + "+" + data.length + "B"
          + (done ? " done" : "") + ")";
    }
  }

  /**
   * The answer to a chunk that did not complete a snapshot: the follower holds the first {@code
   * received} bytes of the leader's snapshot through {@code lastIncludedIndex}, so the leader sends
   * on from there (a chunk that completes one is answered by an AppendResponse, as a whole snapshot
   * was).
   */
  record SnapshotResponse(long term, long lastIncludedIndex, long received) implements RaftMessage {
    public boolean isRequest() {
      return false;
    }
  }
}
