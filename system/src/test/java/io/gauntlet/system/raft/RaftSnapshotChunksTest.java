package io.gauntlet.system.raft;

import static io.gauntlet.system.raft.RaftRulesTest.MEMBERS;
import static io.gauntlet.system.raft.RaftRulesTest.config;
import static io.gauntlet.system.raft.RaftRulesTest.drain;
import static io.gauntlet.system.raft.RaftRulesTest.leader;
import static io.gauntlet.system.raft.sim.RaftCluster.cmd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.raft.RaftMessage.AppendRequest;
import io.gauntlet.system.raft.RaftMessage.AppendResponse;
import io.gauntlet.system.raft.RaftMessage.SnapshotRequest;
import io.gauntlet.system.raft.RaftMessage.SnapshotResponse;
import io.gauntlet.system.raft.sim.RaftCluster;
import io.gauntlet.system.sim.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * InstallSnapshot in chunks (Figure 13): the follower's assembly and the leader's pacing scripted
 * step by step, then a whole transfer in the simulator under loss, duplication, delay and a leader
 * change in the middle of it.
 */
class RaftSnapshotChunksTest {
  static final byte[] SIX = {1, 2, 3, 4, 5, 6};

  static SnapshotRequest chunk(long term, long index, long offset, byte[] data, boolean done) {
    return new SnapshotRequest(term, index, 2, offset, data, done);
  }

  static RaftCore follower() {
    return new RaftCore("n0", MEMBERS, config(), new SplittableRandom(7), new HardState(1, null), Snapshot.EMPTY, List.of());
  }

  /** Steps {@code m} from {@code from} and drains the node: what it answered, and the snapshot it applied. */
  static String step(RaftCore n, String from, RaftMessage m, List<Snapshot> applied) {
    n.step(from, m);
    StringBuilder out = new StringBuilder();
    while (n.hasReady()) {
      Ready rd = n.ready();
      if (rd.snapshotToApply() != null) {
        applied.add(rd.snapshotToApply());
      }
      for (Envelope env : rd.messages()) {
        if (env.message() instanceof SnapshotResponse r) {
          out.append("holds ").append(r.received());
        } else if (env.message() instanceof AppendResponse r) {
          out.append(r.success() ? "match " + r.matchIndex() : "rejected");
        }
      }
      n.advance(rd);
    }
    return out.toString();
  }

  @Test
  void aFollowerAppliesASnapshotOnlyOnceTheChunkMarkedDoneCompletesIt() {
    RaftCore n0 = follower();
    List<Snapshot> applied = new ArrayList<>();
    assertEquals("holds 3", step(n0, "n1", chunk(2, 4, 0, new byte[] {1, 2, 3}, false), applied));
    assertEquals("holds 6", step(n0, "n1", chunk(2, 4, 3, new byte[] {4, 5, 6}, false), applied));
    assertTrue(applied.isEmpty(), "every byte is in, but the last chunk has not come");
    assertEquals(0, n0.snapshotIndex());
    assertEquals("match 4", step(n0, "n1", chunk(2, 4, 6, new byte[0], true), applied));
    assertEquals(1, applied.size());
    assertArrayEquals(SIX, applied.get(0).data());
    assertEquals(4, n0.snapshotIndex());
    assertEquals("match 4", step(n0, "n1", chunk(2, 4, 3, new byte[] {4, 5, 6}, false), applied), "a late chunk after install");
    assertEquals(1, applied.size());
  }

  @Test
  void aFollowerKeepsAChunkThatCameBeforeAMissingOneAndCountsOnlyBytesInOrder() {
    RaftCore n0 = follower();
    List<Snapshot> applied = new ArrayList<>();
    assertEquals("holds 2", step(n0, "n1", chunk(2, 4, 0, new byte[] {1, 2}, false), applied));
    assertEquals("holds 2", step(n0, "n1", chunk(2, 4, 4, new byte[] {5, 6}, true), applied), "kept aside, not counted");
    assertEquals("holds 2", step(n0, "n1", chunk(2, 4, 0, new byte[] {1, 2}, false), applied), "a duplicate adds nothing");
    assertTrue(applied.isEmpty());
    assertEquals("match 4", step(n0, "n1", chunk(2, 4, 2, new byte[] {3, 4}, false), applied),
        "the missing chunk completes it with the kept last one");
    assertArrayEquals(SIX, applied.get(0).data());
  }

  @Test
  void aNewLeadersChunkDiscardsThePartialSnapshotOfTheOldOne() {
    RaftCore n0 = follower();
    List<Snapshot> applied = new ArrayList<>();
    step(n0, "n1", chunk(2, 4, 0, new byte[] {9, 9, 9}, false), applied);
    // n2 leads term 3; its snapshot at the same index may encode the state differently.
    assertEquals("holds 0", step(n0, "n2", chunk(3, 4, 3, new byte[] {4, 5, 6}, true), applied),
        "the old leader's bytes do not count toward the new leader's snapshot");
    assertEquals("rejected", step(n0, "n1", chunk(2, 4, 3, new byte[] {9, 9, 9}, true), applied),
        "the old leader's term is over");
    assertEquals("match 4", step(n0, "n2", chunk(3, 4, 0, new byte[] {1, 2, 3}, false), applied));
    assertArrayEquals(SIX, applied.get(0).data());
  }

  @Test
  void aLateChunkOfAnOlderSnapshotDoesNotDiscardTheNewerOne() {
    RaftCore n0 = follower();
    List<Snapshot> applied = new ArrayList<>();
    step(n0, "n1", chunk(2, 8, 0, new byte[] {1, 2, 3}, false), applied);
    assertEquals("holds 0", step(n0, "n1", chunk(2, 4, 0, new byte[] {7}, false), applied));
    assertEquals("match 8", step(n0, "n1", chunk(2, 8, 3, new byte[] {4, 5, 6}, true), applied));
    assertArrayEquals(SIX, applied.get(0).data());
  }

  /** A leader of term 2 whose log starts after a 40-byte snapshot at index 10; n1 has nothing. */
  static RaftCore leaderSendingSnapshot(RaftConfig cfg, List<SnapshotRequest> sent) {
    byte[] data = new byte[40];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    RaftCore l = new RaftCore("n0", MEMBERS, cfg, new SplittableRandom(1), new HardState(1, null),
        new Snapshot(10, 1, data), List.of());
    leader(l);
    l.step("n1", new AppendResponse(l.term(), false, 0, 10, -1, 1));
    sent.addAll(chunksTo(drain(l)));
    return l;
  }

  static List<SnapshotRequest> chunksTo(List<Envelope> out) {
    List<SnapshotRequest> chunks = new ArrayList<>();
    for (Envelope env : out) {
      if (env.to().equals("n1") && env.message() instanceof SnapshotRequest c) {
        chunks.add(c);
      }
    }
    return chunks;
  }

  static String offsets(List<SnapshotRequest> chunks) {
    List<String> o = new ArrayList<>();
    for (SnapshotRequest c : chunks) {
      o.add(c.offset() + (c.done() ? "done" : ""));
    }
    return o.toString();
  }

  static RaftConfig chunked() {
    RaftConfig cfg = config();
    cfg.snapshotChunkBytes = 4;
    cfg.snapshotChunksInFlight = 3;
    return cfg;
  }

  @Test
  void aLeaderHasAtMostAWindowOfChunksUnacknowledged() {
    List<SnapshotRequest> first = new ArrayList<>();
    RaftCore l = leaderSendingSnapshot(chunked(), first);
    assertEquals("[0, 4, 8]", offsets(first));
    l.step("n1", new SnapshotResponse(l.term(), 10, 4));
    assertEquals("[12]", offsets(chunksTo(drain(l))));
    l.step("n1", new SnapshotResponse(l.term(), 10, 16));
    assertEquals("[16, 20, 24]", offsets(chunksTo(drain(l))));
    l.step("n1", new SnapshotResponse(l.term(), 10, 28)); // answers can be lost: a later one acknowledges more
    assertEquals("[28, 32, 36done]", offsets(chunksTo(drain(l))));
    l.step("n1", new AppendResponse(l.term(), true, 10, 10, 0, 0));
    assertEquals("[]", offsets(chunksTo(drain(l))));
    l.propose(new byte[] {1});
    List<Envelope> after = drain(l);
    assertTrue(after.stream().anyMatch(e -> e.message() instanceof AppendRequest a && a.prevLogIndex() == 10),
        "once installed the follower gets entries: " + after);
  }

  @Test
  void aChunkReportedMissingIsSentAgainOnceAtOnce() {
    List<SnapshotRequest> first = new ArrayList<>();
    RaftCore l = leaderSendingSnapshot(chunked(), first);
    l.step("n1", new SnapshotResponse(l.term(), 10, 4));
    assertEquals("[12]", offsets(chunksTo(drain(l))));
    // Chunk 4 was lost: the answers to 8 and 12 hold no more than before.
    l.step("n1", new SnapshotResponse(l.term(), 10, 4));
    assertEquals("[4]", offsets(chunksTo(drain(l))));
    l.step("n1", new SnapshotResponse(l.term(), 10, 4));
    assertEquals("[]", offsets(chunksTo(drain(l))), "once per position");
    l.step("n1", new SnapshotResponse(l.term(), 10, 16));
    assertEquals("[16, 20, 24]", offsets(chunksTo(drain(l))), "the follower kept 8 and 12");
  }

  @Test
  void unansweredChunksAreSentAgainFromWhatTheFollowerHolds() {
    RaftConfig cfg = chunked();
    List<SnapshotRequest> first = new ArrayList<>();
    RaftCore l = leaderSendingSnapshot(cfg, first);
    l.step("n1", new SnapshotResponse(l.term(), 10, 8));
    l.step("n1", new RaftMessage.HeartbeatResponse(l.term(), 0));
    assertEquals("[12, 16]", offsets(chunksTo(drain(l))));
    // Nothing more is answered (chunks or answers lost).
    assertEquals("[8]", offsets(tickStall(l, cfg)), "one chunk from what the follower holds, until it answers");
    l.step("n1", new SnapshotResponse(l.term(), 10, 12));
    assertEquals("[12, 16, 20]", offsets(chunksTo(drain(l))), "an answer reopens the window");
    // A follower that restarted lost its partial copy: it answers 0, and the leader starts over.
    l.step("n1", new SnapshotResponse(l.term(), 10, 0));
    assertEquals("[0]", offsets(tickStall(l, cfg)));
  }

  /** Chunks sent in the ticks a stall takes to be noticed (two heartbeat intervals, checked at a heartbeat). */
  static List<SnapshotRequest> tickStall(RaftCore l, RaftConfig cfg) {
    List<SnapshotRequest> sent = new ArrayList<>();
    for (int i = 0; i < 3 * cfg.heartbeatTicks; i++) {
      l.tick();
      sent.addAll(chunksTo(drain(l)));
    }
    return sent;
  }

  /**
   * A follower cut off while the others snapshot many times comes back to a snapshot of many
   * chunks over a network that loses, duplicates and delays messages; while chunks flow, their
   * sender is cut off, so the next leader sends its own snapshot. Every chunk is within the chunk
   * size, and the follower ends with the others' state (the invariants check every applied entry).
   */
  @Test
  void aLaggingFollowerGetsASnapshotOfManyChunksUnderLossDuplicationAndALeaderChange() {
    Seeds.sweep(20, seed -> {
      RaftConfig cfg = new RaftConfig();
      cfg.snapshotChunkBytes = 256;
      NetworkConfig net = NetworkConfig.unreliable();
      net.duplicateRate = 0.1;
      RaftCluster c = new RaftCluster(3, seed, net, cfg, 10);
      SplittableRandom r = c.sim().random().split();
      c.one(cmd(r.nextLong()), 3, true);
      int leader1 = c.checkOneLeader();
      int victim = (leader1 + 1) % 3;
      String victimId = c.id(victim);
      c.disconnect(victim);
      for (int i = 0; i < 300; i++) {
        c.one(cmd(r.nextLong()), 2, true);
      }
      long[] maxChunk = {0};
      long[] snapshotBytes = {0};
      TreeSet<Long> termsWithChunks = new TreeSet<>();
      String[] cutSender = {null};
      c.world().observe((from, to, m) -> {
        if (!(m instanceof SnapshotRequest s) || !to.equals(victimId)) {
          return;
        }
        maxChunk[0] = Math.max(maxChunk[0], s.data().length);
        snapshotBytes[0] = Math.max(snapshotBytes[0], s.offset() + s.data().length);
        termsWithChunks.add(s.term());
        if (cutSender[0] == null && s.offset() >= 6L * cfg.snapshotChunkBytes) {
          cutSender[0] = from; // the victim holds part of this leader's snapshot by now
          int sender = Integer.parseInt(from.substring(1));
          c.sim().schedule(0, () -> c.disconnect(sender));
        }
      });
      c.connect(victim);
      c.runFor(2_000);
      assertTrue(cutSender[0] != null, "no transfer reached its 7th chunk; chunks of terms " + termsWithChunks);
      int cut = Integer.parseInt(cutSender[0].substring(1));
      // The two others (the victim among them) must commit: the victim has to install a snapshot.
      c.one(cmd(r.nextLong()), 2, true);
      c.connect(cut);
      long last = c.one(cmd(r.nextLong()), 3, true);
      assertTrue(c.peer(victim).lastApplied() >= last, "the victim applied " + c.peer(victim).lastApplied());
      assertTrue(termsWithChunks.size() >= 2, "the snapshot came from one leader only: terms " + termsWithChunks);
      assertTrue(snapshotBytes[0] >= 8L * cfg.snapshotChunkBytes, "snapshot of only " + snapshotBytes[0] + " bytes");
      assertTrue(maxChunk[0] <= cfg.snapshotChunkBytes, "a chunk of " + maxChunk[0] + " bytes");
      c.checkLogs();
    });
  }
}
