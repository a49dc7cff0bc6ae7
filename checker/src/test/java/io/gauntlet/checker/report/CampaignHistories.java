package io.gauntlet.checker.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.Op;
import io.gauntlet.checker.history.OpType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Histories shaped like a real campaign, for the report tests: clients issuing reads and writes
 * with millisecond latencies, a nemesis partition in the middle during which calls slow down, time
 * out (info, after which the client continues as a new process) or fail.
 */
final class CampaignHistories {
  private CampaignHistories() {}

  /** {@code clients} concurrent clients making {@code calls} calls over about {@code seconds}. */
  static History campaign(long seed, int clients, int calls, double seconds) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long span = (long) (seconds * 1e9);
    long partStart = span / 3;
    long partEnd = span * 2 / 3;
    List<Op> events = new ArrayList<>();
    long gap = Math.max(1, span * clients / Math.max(1, calls)); // mean time between a client's calls
    int nextProcess = clients;
    int made = 0;
    for (int c = 0; c < clients && made < calls; c++) {
      int process = c;
      long t = (long) (rnd.nextDouble() * gap);
      int perClient = calls / clients + (c < calls % clients ? 1 : 0);
      for (int k = 0; k < perClient && made < calls; k++, made++) {
        boolean partitioned = t >= partStart && t < partEnd;
        long latency = (long) (Math.exp(rnd.nextGaussian() * 0.6) * 2e6 * (partitioned ? 20 : 1));
        boolean read = rnd.nextBoolean();
        String f = read ? "read" : "write";
        JsonNode arg = read ? NullNode.instance : IntNode.valueOf(rnd.nextInt(5));
        OpType type = OpType.OK;
        String error = null;
        if (partitioned && rnd.nextDouble() < 0.2) {
          type = rnd.nextBoolean() ? OpType.INFO : OpType.FAIL;
          latency = type == OpType.INFO ? 500_000_000L : latency;
          error = type == OpType.INFO ? "timeout" : "ErrWrongLeader";
        }
        JsonNode result = read && type == OpType.OK ? IntNode.valueOf(rnd.nextInt(5)) : arg;
        events.add(new Op(0, OpType.INVOKE, process, f, null, arg, t, "n" + (1 + process % 3), null));
        events.add(new Op(0, type, process, f, null, result, t + latency, "n" + (1 + process % 3), error));
        t += latency + (long) (rnd.nextDouble() * 2 * gap);
        if (type == OpType.INFO) {
          process = nextProcess++;
        }
      }
    }
    events.add(new Op(0, OpType.INVOKE, Op.NEMESIS, "start-partition", null,
        TextNode.valueOf("majority-ring"), partStart, null, null));
    events.add(new Op(0, OpType.INFO, Op.NEMESIS, "start-partition", null,
        TextNode.valueOf("majority-ring"), partStart + 1_000_000, null, null));
    events.add(new Op(0, OpType.INVOKE, Op.NEMESIS, "stop-partition", null, null, partEnd, null, null));
    events.add(new Op(0, OpType.INFO, Op.NEMESIS, "stop-partition", null, null, partEnd + 1_000_000, null, null));
    // completions at equal times come after their invokes (stable sort keeps each pair in order)
    events.sort(Comparator.comparingLong(Op::time));
    History.Builder b = History.builder("campaign(seed " + seed + ")");
    for (int i = 0; i < events.size(); i++) {
      b.add(events.get(i).withIndex(i));
    }
    return b.build();
  }
}
