package io.gauntlet.system.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.Seeds;
import io.gauntlet.system.runtime.Durable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SimDurable models fsync: only synced writes survive a crash (maybe with a torn whole-record prefix). */
class SimDurableTest {
  /** A node that appends records and notes which ones were reported durable. */
  static final class Writer implements Node {
    final Runtime rt;
    final List<Long> synced = new ArrayList<>();

    Writer(Runtime rt) {
      this.rt = rt;
    }

    @Override
    public void start() {}

    @Override
    public void onMessage(String from, Message m) {}

    void write(int n, String blob) {
      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        seqs.add(rt.durable().append(new byte[] {(byte) i}));
      }
      if (blob != null) {
        rt.durable().put("b", blob.getBytes());
      }
      rt.durable().sync(() -> synced.addAll(seqs));
    }
  }

  @Test
  void crashKeepsExactlyTheSyncedWritesOrATornPrefix() {
    Seeds.run(seed -> {
      for (int round = 0; round < 200; round++) {
        Simulation sim = new Simulation(seed + round);
        SimWorld w = new SimWorld(sim, NetworkConfig.reliable());
        w.add("a", Writer::new);
        Writer wr = (Writer) w.node("a");
        wr.write(3, "one");
        sim.runFor(5_000_000); // the first sync completes
        wr.write(4, "two");
        List<Long> durableBefore = new ArrayList<>(wr.synced);
        w.crash("a"); // the second sync has not completed
        Durable d = w.durable("a");
        List<Long> seqs = d.records().stream().map(Durable.Record::seq).toList();
        assertTrue(seqs.size() >= 3 && seqs.size() <= 7, "records after crash: " + seqs);
        assertEquals(durableBefore, seqs.subList(0, 3), "synced records lost");
        for (int i = 0; i < seqs.size(); i++) {
          assertEquals(i + 1, seqs.get(i), "not a whole-record prefix: " + seqs);
        }
        assertArrayEquals("one".getBytes(), d.get("b"), "blob of an incomplete sync survived");
        w.restart("a");
        Writer again = (Writer) w.node("a");
        long next = again.rt.durable().append(new byte[] {9});
        assertTrue(next > seqs.get(seqs.size() - 1), "sequence number reused after restart: " + next);
      }
    });
  }

  @Test
  void compactionDropsOnlyOlderRecords() {
    Simulation sim = new Simulation(1);
    SimWorld w = new SimWorld(sim, NetworkConfig.reliable());
    w.add("a", Writer::new);
    Writer wr = (Writer) w.node("a");
    wr.write(5, null);
    sim.runFor(5_000_000);
    wr.rt.durable().compact(3);
    wr.write(0, null);
    sim.runFor(5_000_000);
    assertEquals(List.of(3L, 4L, 5L), w.durable("a").records().stream().map(Durable.Record::seq).toList());
    assertEquals(3, w.durable("a").logBytes());
    assertNull(w.durable("a").get("nothing"));
  }

  @Test
  void timersAndMessagesOfACrashedIncarnationNeverRun() {
    Simulation sim = new Simulation(2);
    SimWorld w = new SimWorld(sim, NetworkConfig.reliable());
    int[] fired = {0};
    w.add("a", rt -> new Node() {
      @Override
      public void start() {
        rt.schedule(10_000_000, () -> fired[0]++);
      }

      @Override
      public void onMessage(String from, Message m) {}
    });
    w.crash("a");
    sim.runFor(50_000_000);
    assertEquals(0, fired[0], "a dead incarnation's timer fired");
    w.restart("a");
    sim.runFor(50_000_000);
    assertEquals(1, fired[0], "the new incarnation's timer did not fire");
  }

  @Test
  void partitionsAndOneWayCutsStopDelivery() {
    Simulation sim = new Simulation(3);
    SimWorld w = new SimWorld(sim, NetworkConfig.reliable());
    List<String> got = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      w.add(id, rt -> new Node() {
        @Override
        public void start() {}

        @Override
        public void onMessage(String from, Message m) {
          got.add(from + ">" + rt.self());
        }
      });
    }
    Message ping = new Message() {};
    w.partition(List.of(List.of("a"), List.of("b", "c")));
    send(w, "a", "b", ping);
    send(w, "b", "c", ping);
    w.heal();
    w.setLink("a", "c", false);
    send(w, "a", "c", ping);
    send(w, "c", "a", ping);
    sim.runFor(100_000_000);
    assertEquals(java.util.Set.of("b>c", "c>a"), new java.util.HashSet<>(got), "delivered: " + got);
  }

  private static void send(SimWorld w, String from, String to, Message m) {
    w.sendAs(from, to, m);
  }
}
