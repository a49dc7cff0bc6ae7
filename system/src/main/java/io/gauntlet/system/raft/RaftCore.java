package io.gauntlet.system.raft;

import io.gauntlet.system.raft.RaftMessage.AppendRequest;
import io.gauntlet.system.raft.RaftMessage.AppendResponse;
import io.gauntlet.system.raft.RaftMessage.Heartbeat;
import io.gauntlet.system.raft.RaftMessage.HeartbeatResponse;
import io.gauntlet.system.raft.RaftMessage.SnapshotRequest;
import io.gauntlet.system.raft.RaftMessage.SnapshotResponse;
import io.gauntlet.system.raft.RaftMessage.VoteRequest;
import io.gauntlet.system.raft.RaftMessage.VoteResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Raft as a pure state machine, in the style of etcd's raft: the caller ticks it, steps messages
 * into it, proposes commands, and drains {@link Ready} batches telling it what to persist, send and
 * apply. It never touches a clock, a socket or a disk, so a script (or the simulator) drives it.
 *
 * <p>Figure 2 of the Raft paper, plus PreVote, CheckQuorum (with the leader lease that makes
 * followers ignore disruptive votes), fast log backup by conflict term, batched and pipelined
 * appends, snapshots with InstallSnapshot (in chunks, paced per follower), and ReadIndex.
 */
public final class RaftCore {
  private final String id;
  private final List<String> peers; // everyone but me
  private final int quorum;
  private final RaftConfig cfg;
  private final RandomGenerator random;
  private RaftObserver observer = RaftObserver.NONE;

  // Persistent state.
  private long term;
  private String votedFor;
  private final RaftLog log = new RaftLog();
  private Snapshot snapshot;

  // Volatile state.
  private Role role = Role.FOLLOWER;
  private String leader;
  private long commit;
  private long applied;
  /** Entries up to here are durable on this node. */
  private long stableIndex;
  private int electionElapsed;
  private int heartbeatElapsed;
  private int randomizedElectionTimeout;
  private long ticks;
  private final Set<String> votesGranted = new HashSet<>();
  private final Set<String> votesRejected = new HashSet<>();
  private final Map<String, Progress> progress = new HashMap<>();
  /** Follower: the snapshot being received in chunks. */
  private final SnapshotAssembly incoming;

  // ReadIndex.
  private long heartbeatRound;
  private final ArrayDeque<PendingRead> reads = new ArrayDeque<>();
  private final List<Long> readsAwaitingCommit = new ArrayList<>();

  // The next Ready.
  private HardState lastSavedHardState;
  private List<Envelope> outbox = new ArrayList<>();
  private Snapshot snapshotToPersist;
  private Snapshot snapshotToApply;
  private List<ReadState> readStates = new ArrayList<>();
  private List<Long> failedReads = new ArrayList<>();
  private Ready inFlight;
  private long applyingTo;

  private record PendingRead(long context, long index, long round) {}

  /**
   * Builds a node from its recovered durable state: hard state, the latest snapshot, and the log
   * entries after it (contiguous from snapshot.index + 1).
   */
  public RaftCore(String id, List<String> members, RaftConfig cfg, RandomGenerator random,
      HardState hardState, Snapshot snap, List<Entry> entries) {
    if (cfg.snapshotChunkBytes < 1 || cfg.snapshotChunksInFlight < 1) {
      throw new IllegalArgumentException("snapshotChunkBytes and snapshotChunksInFlight must be positive, got "
          + cfg.snapshotChunkBytes + " and " + cfg.snapshotChunksInFlight);
    }
    this.id = id;
    this.incoming = new SnapshotAssembly((long) cfg.snapshotChunkBytes * cfg.snapshotChunksInFlight);
    List<String> others = new ArrayList<>(members);
    others.remove(id);
    this.peers = Collections.unmodifiableList(others);
    this.quorum = members.size() / 2 + 1;
    this.cfg = cfg;
    this.random = random;
    this.snapshot = snap == null ? Snapshot.EMPTY : snap;
    log.reset(snapshot.index(), snapshot.term());
    for (Entry e : entries) {
      log.append(e);
    }
    this.term = Math.max(hardState.term(), log.lastTerm());
    this.votedFor = hardState.term() == term ? hardState.votedFor() : null;
    this.lastSavedHardState = new HardState(term, votedFor);
    this.commit = snapshot.index();
    this.applied = snapshot.index();
    this.applyingTo = applied;
    this.stableIndex = log.lastIndex();
    resetElectionTimeout();
  }

  public void setObserver(RaftObserver o) {
    this.observer = o;
  }

  // ---- Queries ----

  public String id() { return id; }
  public long term() { return term; }
  public Role role() { return role; }
  public boolean isLeader() { return role == Role.LEADER; }
  /** The leader this node currently follows (itself if leader), or null. */
  public String leader() { return leader; }
  public long commitIndex() { return commit; }
  public long appliedIndex() { return applied; }
  public long lastIndex() { return log.lastIndex(); }
  public long snapshotIndex() { return log.snapshotIndex(); }
  public String votedFor() { return votedFor; }
  /** Term of the entry at index, or -1 if it is not in the log (compacted or beyond the end). */
  public long entryTerm(long index) { return log.term(index); }
  public Entry entry(long index) { return log.entry(index); }
  public int quorum() { return quorum; }

  // ---- Inputs ----

  /** Advances logical time by one tick. */
  public void tick() {
    ticks++;
    if (role == Role.LEADER) {
      tickLeader();
    } else {
      electionElapsed++;
      if (electionElapsed >= randomizedElectionTimeout) {
        campaign();
      }
    }
  }

  /**
   * Appends a command if this node is leader; returns its index, or -1. The entry is sent at once
   * (batched with any others proposed before the driver drains the next Ready).
   */
  public long propose(byte[] command) {
    if (role != Role.LEADER) {
      return -1;
    }
    long index = appendLocal(command);
    replicate();
    return index;
  }

  /** Appends an entry of the current term to the leader's own log. */
  private long appendLocal(byte[] data) {
    Entry e = new Entry(log.lastIndex() + 1, term, data);
    log.append(e);
    observer.onAppend(this, e);
    return e.index();
  }

  /** Sends followers what they lack (a single-node cluster commits at once). */
  private void replicate() {
    if (peers.isEmpty()) {
      maybeCommit();
    }
    for (String p : peers) {
      sendAppend(p);
    }
  }

  /**
   * Starts a linearizable read: once a quorum confirms this node is still leader, a {@link
   * ReadState} with the commit index arrives in a Ready. Returns false if not leader.
   */
  public boolean readIndex(long context) {
    if (role != Role.LEADER) {
      return false;
    }
    if (log.term(commit) != term) {
      // Until an entry of this term commits, the commit index may be stale (Raft §8).
      readsAwaitingCommit.add(context);
      return true;
    }
    startRead(context);
    return true;
  }

  private void startRead(long context) {
    if (peers.isEmpty()) {
      readStates.add(new ReadState(context, commit));
      return;
    }
    heartbeatRound++;
    reads.add(new PendingRead(context, commit, heartbeatRound));
    broadcastHeartbeat();
  }

  /**
   * The service took a snapshot covering entries up to {@code index} (which it has applied): the
   * log before it is discarded and the snapshot persisted.
   */
  public void snapshot(long index, byte[] data) {
    if (index <= log.snapshotIndex()) {
      return;
    }
    if (index > Math.max(applied, applyingTo)) {
      throw new IllegalArgumentException("snapshot at " + index + " beyond applied index " + Math.max(applied, applyingTo));
    }
    long t = log.term(index);
    log.compactTo(index);
    snapshot = new Snapshot(index, t, data);
    snapshotToPersist = snapshot;
  }

  /** Handles a message from {@code from}. */
  public void step(String from, RaftMessage m) {
    if (!peers.contains(from)) {
      return; // not a member: ignore rather than let a stray node disturb the cluster
    }
    if (m.term() > term) {
      if (m instanceof VoteRequest v) {
        boolean inLease = cfg.checkQuorum && leader != null && electionElapsed < cfg.electionTicks;
        if (inLease) {
          return; // we heard from a live leader recently: this candidate cannot be needed
        }
        if (!v.preVote()) {
          becomeFollower(m.term(), null);
        }
      } else if (m instanceof VoteResponse vr && vr.preVote() && vr.granted()) {
        // A granted pre-vote carries the term we would run in; it is not a newer term.
      } else {
        boolean fromLeader = m instanceof AppendRequest || m instanceof Heartbeat || m instanceof SnapshotRequest;
        becomeFollower(m.term(), fromLeader ? from : null);
      }
    } else if (m.term() < term) {
      if (m instanceof AppendRequest || m instanceof Heartbeat || m instanceof SnapshotRequest) {
        // A stale leader: tell it our term so it steps down (needed with PreVote/CheckQuorum).
        send(from, new AppendResponse(term, false, 0, -1, -1, -1));
      } else if (m instanceof VoteRequest v && v.preVote()) {
        send(from, new VoteResponse(term, false, true));
      }
      return;
    }

    if (m instanceof VoteRequest v) {
      handleVoteRequest(from, v);
    } else if (m instanceof VoteResponse v) {
      handleVoteResponse(from, v);
    } else if (m instanceof AppendRequest a) {
      handleAppend(from, a);
    } else if (m instanceof Heartbeat h) {
      handleHeartbeat(from, h);
    } else if (m instanceof SnapshotRequest s) {
      handleSnapshot(from, s);
    } else if (m instanceof AppendResponse r) {
      handleAppendResponse(from, r);
    } else if (m instanceof SnapshotResponse r) {
      handleSnapshotResponse(from, r);
    } else if (m instanceof HeartbeatResponse r) {
      handleHeartbeatResponse(from, r);
    }
  }

  // ---- Elections ----

  private void campaign() {
    if (cfg.preVote) {
      becomePreCandidate();
    } else {
      becomeCandidate();
    }
  }

  private void becomePreCandidate() {
    role = Role.PRE_CANDIDATE;
    leader = null;
    startVote(true);
  }

  private void becomeCandidate() {
    role = Role.CANDIDATE;
    term++;
    incoming.clear();
    votedFor = id;
    leader = null;
    startVote(false);
  }

  private void startVote(boolean pre) {
    resetElectionTimeout();
    votesGranted.clear();
    votesRejected.clear();
    votesGranted.add(id);
    if (votesGranted.size() >= quorum) {
      if (pre) {
        becomeCandidate();
      } else {
        becomeLeader();
      }
      return;
    }
    long voteTerm = pre ? term + 1 : term;
    for (String p : peers) {
      send(p, new VoteRequest(voteTerm, log.lastIndex(), log.lastTerm(), pre));
    }
  }

  private void handleVoteRequest(String from, VoteRequest v) {
    boolean canVote =
        from.equals(votedFor)
            || (votedFor == null && leader == null)
            || (v.preVote() && v.term() > term);
    if (canVote && log.isUpToDate(v.lastLogIndex(), v.lastLogTerm())) {
      if (!v.preVote()) {
        votedFor = from;
        electionElapsed = 0;
      }
      send(from, new VoteResponse(v.term(), true, v.preVote()));
    } else {
      send(from, new VoteResponse(term, false, v.preVote()));
    }
  }

  private void handleVoteResponse(String from, VoteResponse v) {
    boolean counting = v.preVote() ? role == Role.PRE_CANDIDATE && v.term() == term + 1
        : role == Role.CANDIDATE && v.term() == term;
    if (!counting) {
      return; // a reply to an older election (or the wrong kind): never count it
    }
    if (v.granted()) {
      votesGranted.add(from);
    } else {
      votesRejected.add(from);
    }
    if (votesGranted.size() >= quorum) {
      if (v.preVote()) {
        becomeCandidate();
      } else {
        becomeLeader();
      }
    } else if (votesRejected.size() >= quorum) {
      becomeFollower(term, null);
    }
  }

  private void becomeFollower(long newTerm, String newLeader) {
    if (newTerm > term) {
      incoming.clear(); // a partial snapshot of an older leader: its chunks will not come again
    }
    if (newTerm != term) {
      term = newTerm;
      votedFor = null;
    }
    if (role == Role.LEADER) {
      failPendingReads();
      progress.clear(); // rebuilt on winning again; meanwhile no snapshot stays pinned by a transfer
    }
    role = Role.FOLLOWER;
    leader = newLeader;
    resetElectionTimeout();
  }

  private void becomeLeader() {
    role = Role.LEADER;
    leader = id;
    heartbeatElapsed = 0;
    electionElapsed = 0;
    progress.clear();
    for (String p : peers) {
      Progress pr = new Progress(log.lastIndex() + 1);
      pr.recentActive = true;
      pr.progressTick = ticks;
      progress.put(p, pr);
    }
    observer.onBecomeLeader(this);
    if (cfg.noopOnElection) {
      appendLocal(null);
    }
    replicate();
  }

  private void resetElectionTimeout() {
    electionElapsed = 0;
    randomizedElectionTimeout = cfg.electionTicks + random.nextInt(cfg.electionTicks);
  }

  // ---- Leader: replication ----

  private void tickLeader() {
    electionElapsed++;
    heartbeatElapsed++;
    if (electionElapsed >= cfg.electionTicks) {
      electionElapsed = 0;
      if (cfg.checkQuorum) {
        int active = 1;
        for (Progress pr : progress.values()) {
          if (pr.recentActive) {
            active++;
          }
          pr.recentActive = false;
        }
        if (active < quorum) {
          becomeFollower(term, null); // we may be partitioned away: stop acting as leader
          return;
        }
      }
    }
    if (heartbeatElapsed >= cfg.heartbeatTicks) {
      heartbeatElapsed = 0;
      broadcastHeartbeat();
      for (String p : peers) {
        Progress pr = progress.get(p);
        long stalled = ticks - pr.progressTick;
        if (pr.state == Progress.State.REPLICATE && pr.next > pr.match + 1 && stalled >= 2L * cfg.heartbeatTicks) {
          pr.becomeProbe(pr.match + 1, ticks); // appends were lost: find the follower again
        } else if (pr.state == Progress.State.SNAPSHOT && stalled >= 2L * cfg.heartbeatTicks) {
          // Chunks (or their answers) were lost, or the follower lost its partial copy.
          pr.transfer.rewind();
          pr.progressTick = ticks;
          sendSnapshotChunks(p, pr);
        }
        if (pr.state == Progress.State.PROBE) {
          pr.probeSent = false;
        }
        if (pr.state == Progress.State.PROBE || pr.next <= log.lastIndex()) {
          sendAppend(p);
        }
      }
    }
  }

  private void broadcastHeartbeat() {
    for (String p : peers) {
      Progress pr = progress.get(p);
      send(p, new Heartbeat(term, Math.min(pr.match, commit), heartbeatRound));
    }
  }

  private void sendAppend(String to) {
    Progress pr = progress.get(to);
    if (pr.paused()) {
      return;
    }
    long prev = pr.next - 1;
    long prevTerm = log.term(prev);
    if (prevTerm < 0 && prev < log.snapshotIndex()) {
      pr.becomeSnapshot(snapshot, ticks);
      sendSnapshotChunks(to, pr);
      return;
    }
    if (prevTerm < 0) {
      throw new IllegalStateException(id + ": no term for index " + prev + " to send to " + to + " (" + pr
          + ", log " + log.snapshotIndex() + ".." + log.lastIndex() + ")");
    }
    List<Entry> entries = pr.next <= log.lastIndex()
        ? log.slice(pr.next, cfg.maxEntriesPerAppend, cfg.maxBytesPerAppend) : List.of();
    if (pr.state == Progress.State.REPLICATE && entries.isEmpty()) {
      return; // nothing new; heartbeats keep the follower quiet
    }
    send(to, new AppendRequest(term, prev, prevTerm, entries, commit));
    if (pr.state == Progress.State.REPLICATE) {
      if (pr.next == pr.match + 1) {
        pr.progressTick = ticks; // the stream restarts: measure stalls from now
      }
      pr.next = entries.get(entries.size() - 1).index() + 1;
    } else {
      pr.probeSent = true;
    }
  }

  private void sendSnapshotChunks(String to, Progress pr) {
    for (SnapshotRequest chunk : pr.transfer.chunks(term, cfg.snapshotChunkBytes, cfg.snapshotChunksInFlight)) {
      send(to, chunk);
    }
  }

  /** The progress of follower {@code from}, which just answered (it is active), if this node leads; else null. */
  private Progress answeredBy(String from) {
    if (role != Role.LEADER) {
      return null;
    }
    Progress pr = progress.get(from);
    pr.recentActive = true;
    return pr;
  }

  private void handleSnapshotResponse(String from, SnapshotResponse r) {
    Progress pr = answeredBy(from);
    if (pr == null) {
      return;
    }
    if (pr.state != Progress.State.SNAPSHOT || pr.transfer.snapshot.index() != r.lastIncludedIndex()) {
      return; // an answer about an earlier transfer
    }
    if (pr.transfer.onReceived(r.received())) {
      pr.progressTick = ticks;
    }
    sendSnapshotChunks(from, pr);
  }

  private void handleAppendResponse(String from, AppendResponse r) {
    Progress pr = answeredBy(from);
    if (pr == null) {
      return;
    }
    if (r.success()) {
      if (r.matchIndex() > pr.match) {
        pr.match = r.matchIndex();
        pr.progressTick = ticks;
        // A late answer that moves the follower, but not past the snapshot under way, leaves it going.
        boolean keepSending = pr.state == Progress.State.SNAPSHOT && pr.match < pr.transfer.snapshot.index()
            && pr.match < log.snapshotIndex();
        if (pr.state == Progress.State.REPLICATE) {
          pr.next = Math.max(pr.next, pr.match + 1);
        } else if (!keepSending) {
          pr.becomeReplicate(ticks);
        }
        maybeCommit();
      } else if (pr.state == Progress.State.PROBE) {
        pr.becomeReplicate(ticks);
      }
      if (pr.next <= log.lastIndex()) {
        sendAppend(from);
      }
      return;
    }
    if (r.rejectedIndex() < 0) {
      return; // a stale-term notice; its term was handled in step()
    }
    if (pr.state == Progress.State.SNAPSHOT) {
      return; // a late or duplicated rejection: the snapshot under way answers it (restarting it would waste it)
    }
    if (pr.state == Progress.State.REPLICATE ? r.rejectedIndex() <= pr.match : r.rejectedIndex() != pr.next - 1) {
      return; // a stale rejection
    }
    long next = r.conflictIndex();
    if (r.conflictTerm() >= 0 && !cfg.coarseBackup) {
      long last = lastIndexOfTerm(r.conflictTerm(), r.rejectedIndex());
      if (last > 0) {
        next = last + 1;
      }
    }
    pr.becomeProbe(Math.min(Math.max(next, 1), r.rejectedIndex()), ticks);
    sendAppend(from);
  }

  /** The last index at or below {@code upTo} whose entry has term {@code t}, or 0. */
  private long lastIndexOfTerm(long t, long upTo) {
    for (long i = Math.min(upTo, log.lastIndex()); i > log.snapshotIndex(); i--) {
      long ti = log.term(i);
      if (ti == t) {
        return i;
      }
      if (ti < t) {
        return 0;
      }
    }
    return 0;
  }

  private void handleHeartbeatResponse(String from, HeartbeatResponse r) {
    Progress pr = answeredBy(from);
    if (pr == null) {
      return;
    }
    pr.ackedRound = Math.max(pr.ackedRound, r.round());
    if (pr.state == Progress.State.PROBE && !pr.probeSent) {
      sendAppend(from);
    }
    confirmReads();
  }

  private void confirmReads() {
    while (!reads.isEmpty()) {
      PendingRead read = reads.peek();
      int acks = 1;
      for (Progress pr : progress.values()) {
        if (pr.ackedRound >= read.round) {
          acks++;
        }
      }
      if (acks < quorum) {
        return;
      }
      reads.poll();
      readStates.add(new ReadState(read.context, read.index));
    }
  }

  private void failPendingReads() {
    for (PendingRead r : reads) {
      failedReads.add(r.context);
    }
    reads.clear();
    failedReads.addAll(readsAwaitingCommit);
    readsAwaitingCommit.clear();
  }

  /** Commits the highest index a quorum stores, if it is of the current term (Figure 8). */
  private void maybeCommit() {
    long[] matches = new long[peers.size() + 1];
    int k = 0;
    matches[k++] = stableIndex;
    for (Progress pr : progress.values()) {
      matches[k++] = pr.match;
    }
    java.util.Arrays.sort(matches);
    long candidate = matches[matches.length - quorum];
    if (candidate > commit && log.term(candidate) == term) {
      observer.onCommit(this, commit + 1, candidate);
      commit = candidate;
      if (!readsAwaitingCommit.isEmpty()) {
        List<Long> waiting = new ArrayList<>(readsAwaitingCommit);
        readsAwaitingCommit.clear();
        for (long ctx : waiting) {
          startRead(ctx);
        }
      }
      // Followers learn the new commit index with the next append or heartbeat.
    }
  }

  // ---- Follower ----

  private void handleAppend(String from, AppendRequest a) {
    role = Role.FOLLOWER;
    leader = from;
    electionElapsed = 0;
    long prev = a.prevLogIndex();
    long prevTerm = a.prevLogTerm();
    List<Entry> entries = a.entries();
    if (prev < log.snapshotIndex()) {
      // Entries up to our snapshot are committed and match; skip them.
      int skip = (int) Math.min(entries.size(), log.snapshotIndex() - prev);
      entries = entries.subList(skip, entries.size());
      prev = log.snapshotIndex();
      prevTerm = log.snapshotTerm();
      if (entries.isEmpty()) {
        send(from, new AppendResponse(term, true, log.snapshotIndex(), prev, 0, 0));
        return;
      }
    }
    long have = log.term(prev);
    if (have != prevTerm) {
      long conflictTerm;
      long conflictIndex;
      if (have < 0) {
        conflictTerm = -1;
        conflictIndex = log.lastIndex() + 1;
      } else {
        conflictTerm = have;
        conflictIndex = prev;
        while (conflictIndex - 1 > log.snapshotIndex() && log.term(conflictIndex - 1) == have) {
          conflictIndex--;
        }
      }
      send(from, new AppendResponse(term, false, 0, a.prevLogIndex(), conflictTerm, conflictIndex));
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      long existing = log.term(e.index());
      if (existing == e.term()) {
        continue; // already have it; a stale or duplicated append must not truncate
      }
      if (existing >= 0) {
        if (e.index() <= commit) {
          throw new IllegalStateException(id + ": leader " + from + " overwrites committed entry " + e.index()
              + " (term " + existing + " -> " + e.term() + ", commit " + commit + ")");
        }
        log.truncateFrom(e.index());
        stableIndex = Math.min(stableIndex, e.index() - 1);
      }
      for (int j = i; j < entries.size(); j++) {
        log.append(entries.get(j));
        observer.onAppend(this, entries.get(j));
      }
      break;
    }
    long lastNew = prev + entries.size();
    if (a.leaderCommit() > commit) {
      commit = Math.max(commit, Math.min(a.leaderCommit(), lastNew));
    }
    send(from, new AppendResponse(term, true, lastNew, a.prevLogIndex(), 0, 0));
  }

  private void handleHeartbeat(String from, Heartbeat h) {
    role = Role.FOLLOWER;
    leader = from;
    electionElapsed = 0;
    if (h.commit() > commit) {
      commit = Math.min(h.commit(), log.lastIndex());
    }
    send(from, new HeartbeatResponse(term, h.round()));
  }

  private void handleSnapshot(String from, SnapshotRequest s) {
    role = Role.FOLLOWER;
    leader = from;
    electionElapsed = 0;
    long idx = s.lastIncludedIndex();
    if (idx <= commit) {
      send(from, new AppendResponse(term, true, commit, idx, 0, 0));
      return;
    }
    Snapshot whole = incoming.offer(s);
    if (whole == null) {
      send(from, new SnapshotResponse(term, idx, incoming.received(s)));
      return;
    }
    if (log.term(idx) == whole.term()) {
      log.compactTo(idx); // our log agrees up to the snapshot: keep what follows
    } else {
      log.reset(idx, whole.term());
    }
    stableIndex = Math.max(Math.min(stableIndex, log.lastIndex()), idx);
    snapshot = whole;
    snapshotToPersist = snapshot;
    snapshotToApply = snapshot;
    commit = idx;
    send(from, new AppendResponse(term, true, idx, idx, 0, 0));
  }

  private void send(String to, RaftMessage m) {
    outbox.add(new Envelope(to, m));
  }

  // ---- Ready / Advance ----

  /** Whether there is work for the driver (always false while a Ready is outstanding). */
  public boolean hasReady() {
    if (inFlight != null) {
      return false;
    }
    return !outbox.isEmpty()
        || snapshotToPersist != null
        || snapshotToApply != null
        || log.lastIndex() > stableIndex
        || !lastSavedHardState.equals(new HardState(term, votedFor))
        || applicableTo() > applied
        || !readStates.isEmpty()
        || !failedReads.isEmpty();
  }

  private long applicableTo() {
    return Math.min(commit, stableIndex);
  }

  /** The work to do now. The driver must call {@link #advance} when done before the next one. */
  public Ready ready() {
    if (inFlight != null) {
      throw new IllegalStateException("ready() called before advance()");
    }
    HardState hs = new HardState(term, votedFor);
    boolean hsChanged = !hs.equals(lastSavedHardState);
    List<Entry> toPersist = log.lastIndex() > stableIndex
        ? log.slice(Math.max(stableIndex, log.snapshotIndex()) + 1, log.lastIndex() + 1) : List.of();
    Snapshot applySnap = snapshotToApply;
    long applyFrom = Math.max(applied, applySnap == null ? 0 : applySnap.index()) + 1;
    long applyTo = applicableTo();
    List<Entry> committed = applyTo >= applyFrom && applyFrom > log.snapshotIndex()
        ? log.slice(applyFrom, applyTo + 1) : List.of();
    boolean mustSync = hsChanged || !toPersist.isEmpty() || snapshotToPersist != null;
    Ready rd = new Ready(hsChanged ? hs : null, snapshotToPersist, toPersist, mustSync, outbox,
        applySnap, committed, readStates, failedReads);
    outbox = new ArrayList<>();
    readStates = new ArrayList<>();
    failedReads = new ArrayList<>();
    snapshotToPersist = null;
    snapshotToApply = null;
    if (hsChanged) {
      lastSavedHardState = hs;
    }
    applyingTo = committed.isEmpty() ? (applySnap == null ? applied : applySnap.index())
        : committed.get(committed.size() - 1).index();
    inFlight = rd;
    return rd;
  }

  /** The driver persisted, sent and applied everything in {@code rd}. */
  public void advance(Ready rd) {
    if (rd != inFlight) {
      throw new IllegalStateException("advance() with a Ready that is not outstanding");
    }
    inFlight = null;
    if (!rd.entries().isEmpty()) {
      Entry last = rd.entries().get(rd.entries().size() - 1);
      // Only if the log was not truncated under the write (then the entries come again).
      if (log.term(last.index()) == last.term() && last.index() > stableIndex) {
        stableIndex = last.index();
      }
    }
    if (rd.snapshotToApply() != null) {
      applied = Math.max(applied, rd.snapshotToApply().index());
    }
    if (!rd.committed().isEmpty()) {
      applied = Math.max(applied, rd.committed().get(rd.committed().size() - 1).index());
    }
    applyingTo = applied;
    if (role == Role.LEADER) {
      maybeCommit(); // our own write is durable now and counts toward the quorum
    }
  }

  @Override
  public String toString() {
    return id + "[" + role + " t" + term + " last=" + log.lastIndex() + " commit=" + commit + " applied=" + applied
        + " snap=" + log.snapshotIndex() + (role == Role.LEADER ? " " + progress : "") + "]";
  }
}
