package io.gauntlet.system.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Durable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Runtime;
import io.gauntlet.system.storage.FileDurable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raft's persistence on real files: a single-node cluster (it commits alone) on a FileDurable
 * commits commands, takes a snapshot, commits more, is stopped, and a new node over the same
 * directory recovers the snapshot and every committed command after it, in order.
 */
class RaftOnFilesTest {
  /** A minimal real runtime: one event-loop thread, wall-clock timers, a FileDurable. */
  static final class LoopRuntime implements Runtime {
    final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    final FileDurable durable;

    LoopRuntime(Path dir) throws Exception {
      durable = new FileDurable(dir, loop);
    }

    public String self() { return "n0"; }
    public long nowNanos() { return System.nanoTime(); }
    public RandomGenerator random() { return new SplittableRandom(1); }
    public void send(String to, Message m) {}
    public Cancellable schedule(long delayNanos, Runnable task) {
      var f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }
    public Durable durable() { return durable; }

    void close() throws Exception {
      loop.submit(() -> {}).get();
      durable.close();
      loop.shutdownNow();
    }
  }

  static final class Applied implements RaftNode.Listener {
    final List<Long> commands = new ArrayList<>();
    long snapshotIndex;
    long lastIndex;
    CountDownLatch until = new CountDownLatch(0);

    public void onCommand(long index, long term, byte[] command) {
      commands.add(ByteBuffer.wrap(command).getLong());
      lastIndex = index;
      until.countDown();
    }

    public void onSnapshot(Snapshot s) {
      snapshotIndex = s.index();
      lastIndex = s.index();
      commands.clear();
      commands.add(-ByteBuffer.wrap(s.data()).getLong()); // marks "restored from snapshot"
    }
  }

  static RaftConfig fast() {
    RaftConfig c = new RaftConfig();
    c.tickNanos = 2_000_000L;
    c.electionTicks = 5;
    return c;
  }

  /** A single node on {@code rt}, elected, with commands 1..{@code n} committed and applied. */
  static RaftNode leaderWithCommands(LoopRuntime rt, Applied applied, int n) throws Exception {
    RaftNode node = new RaftNode(rt, List.of("n0"), fast(), applied);
    rt.loop.submit(node::start).get();
    // Wait for the single node to elect itself.
    for (int i = 0; i < 500 && !rt.loop.submit(node::isLeader).get(); i++) {
      Thread.sleep(5);
    }
    assertTrue(rt.loop.submit(node::isLeader).get(), "a single node did not become leader");
    applied.until = new CountDownLatch(n);
    for (long v = 1; v <= n; v++) {
      long cmd = v;
      rt.loop.submit(() -> node.propose(ByteBuffer.allocate(8).putLong(cmd).array())).get();
    }
    assertTrue(applied.until.await(10, TimeUnit.SECONDS), "commands were not applied");
    return node;
  }

  @Test
  void committedCommandsAndSnapshotSurviveARestart(@TempDir Path dir) throws Exception {
    LoopRuntime rt = new LoopRuntime(dir);
    Applied applied = new Applied();
    RaftNode node = leaderWithCommands(rt, applied, 20);
    // Snapshot after 10 commands (data: how many it covers), then 5 more commands.
    rt.loop.submit(() -> node.snapshot(10, ByteBuffer.allocate(8).putLong(10).array())).get();
    applied.until = new CountDownLatch(5);
    for (long v = 21; v <= 25; v++) {
      long cmd = v;
      rt.loop.submit(() -> node.propose(ByteBuffer.allocate(8).putLong(cmd).array())).get();
    }
    assertTrue(applied.until.await(10, TimeUnit.SECONDS), "commands were not applied");
    rt.loop.submit(node::stop).get();
    rt.close();

    LoopRuntime rt2 = new LoopRuntime(dir);
    Applied again = new Applied();
    RaftNode node2 = new RaftNode(rt2, List.of("n0"), fast(), again);
    again.until = new CountDownLatch(16);
    rt2.loop.submit(node2::start).get();
    for (int i = 0; i < 500 && !rt2.loop.submit(node2::isLeader).get(); i++) {
      Thread.sleep(5);
    }
    // Entries of an earlier term commit only with one of the current term (Raft section 5.4.2).
    rt2.loop.submit(() -> node2.propose(ByteBuffer.allocate(8).putLong(26).array())).get();
    assertTrue(again.until.await(10, TimeUnit.SECONDS), "the log after the snapshot was not replayed: " + again.commands);
    rt2.loop.submit(node2::stop).get();
    List<Long> expected = new ArrayList<>();
    expected.add(-10L);
    for (long v = 11; v <= 26; v++) {
      expected.add(v);
    }
    assertEquals(10, again.snapshotIndex);
    assertEquals(expected, again.commands);
    rt2.close();
  }

  /**
   * The labs' Raft state size falls when a snapshot compacts the log, although the store keeps the
   * segment that holds the compacted records (it frees whole segments only). Counted from the
   * store's bytes, it stayed above the threshold and real nodes snapshotted after every apply.
   */
  @Test
  void theStateSizeCountsTheLogAfterTheSnapshotNotTheStoresSegments(@TempDir Path dir) throws Exception {
    LoopRuntime rt = new LoopRuntime(dir);
    Applied applied = new Applied();
    RaftNode node = leaderWithCommands(rt, applied, 100);
    long before = rt.loop.submit(node::persistedStateBytes).get();
    long storeBefore = rt.durable.logBytes();
    long last = applied.lastIndex;
    rt.loop.submit(() -> node.snapshot(last, ByteBuffer.allocate(8).putLong(last).array())).get();
    long after = before;
    for (int i = 0; i < 500 && after >= before / 10; i++) {
      Thread.sleep(5);
      after = rt.loop.submit(node::persistedStateBytes).get();
    }
    assertTrue(after < before / 10, "state size " + before + " -> " + after + " bytes after a snapshot of the whole log");
    assertTrue(rt.durable.logBytes() >= storeBefore, "the store kept its one segment (" + rt.durable.logBytes() + " bytes)");
    rt.loop.submit(node::stop).get();
    rt.close();
  }

  /**
   * A node that voted (for itself) and whose hard state file was then deleted must not start with
   * term 0 and no vote, from which it could vote again in a term it already voted in.
   */
  @Test
  void aNodeWhoseHardStateFileWasDeletedRefusesToStart(@TempDir Path dir) throws Exception {
    LoopRuntime rt = new LoopRuntime(dir);
    RaftNode node = new RaftNode(rt, List.of("n0"), fast(), new Applied());
    rt.loop.submit(node::start).get();
    for (int i = 0; i < 500 && !rt.loop.submit(node::isLeader).get(); i++) {
      Thread.sleep(5);
    }
    assertTrue(rt.loop.submit(node::isLeader).get(), "a single node did not become leader");
    rt.loop.submit(node::stop).get();
    rt.close();
    java.nio.file.Files.delete(dir.resolve(RaftStorage.HARD_STATE + ".blob"));
    io.gauntlet.system.storage.StoreCorruptedException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.gauntlet.system.storage.StoreCorruptedException.class, () -> new LoopRuntime(dir));
    assertEquals(dir.resolve(RaftStorage.HARD_STATE + ".blob"), e.file());
    assertTrue(e.getMessage().contains("vote twice"), e.getMessage());
  }
}
