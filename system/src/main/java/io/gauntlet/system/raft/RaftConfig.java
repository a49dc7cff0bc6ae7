package io.gauntlet.system.raft;

/** Raft's tunables, in ticks of the driver's clock. */
public final class RaftConfig {
  /** Length of one tick in nanoseconds (the driver calls tick() this often). */
  public long tickNanos = 20_000_000L;
  /** A leader sends heartbeats every this many ticks (100 ms: the labs allow 10 per second). */
  public int heartbeatTicks = 5;
  /** Base election timeout; each node draws its timeout from [electionTicks, 2 * electionTicks). */
  public int electionTicks = 20;
  /** Ask for pre-votes before incrementing the term, so a returning node cannot disrupt. */
  public boolean preVote = true;
  /** A leader that has not heard from a quorum in an election timeout steps down. */
  public boolean checkQuorum = true;
  /** A new leader appends an empty entry so it can commit (and serve ReadIndex) at once. */
  public boolean noopOnElection = false;
  /**
   * Back up with the conflict index only (the Raft paper's simpler rule: skip the follower's whole
   * conflicting term), instead of resuming after the leader's last entry of that term. Slower to
   * converge, equally safe; the soak uses both so that followers keep stale suffixes longer.
   */
  public boolean coarseBackup = false;
  /** Most entries and bytes in one AppendRequest. */
  public int maxEntriesPerAppend = 512;
  public int maxBytesPerAppend = 1 << 20;
  /**
   * InstallSnapshot sends a snapshot in chunks of at most this many bytes (docs/decisions.md,
   * "Snapshots in chunks"): as big as the largest append, so no Raft message is much over 1 MiB
   * whatever the snapshot's size, far under the transport's frame limit.
   */
  public int snapshotChunkBytes = 1 << 20;
  /** A leader has at most this many chunks unacknowledged per follower. */
  public int snapshotChunksInFlight = 4;

  public RaftConfig copy() {
    RaftConfig c = new RaftConfig();
    c.tickNanos = tickNanos;
    c.heartbeatTicks = heartbeatTicks;
    c.electionTicks = electionTicks;
    c.preVote = preVote;
    c.checkQuorum = checkQuorum;
    c.noopOnElection = noopOnElection;
    c.coarseBackup = coarseBackup;
    c.maxEntriesPerAppend = maxEntriesPerAppend;
    c.maxBytesPerAppend = maxBytesPerAppend;
    c.snapshotChunkBytes = snapshotChunkBytes;
    c.snapshotChunksInFlight = snapshotChunksInFlight;
    return c;
  }
}
