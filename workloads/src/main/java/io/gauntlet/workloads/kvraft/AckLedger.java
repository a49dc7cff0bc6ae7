package io.gauntlet.workloads.kvraft;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which writes the clerks were told succeeded, and which commands some server applied, by (client,
 * seq). A write acknowledged but applied by no server is lost, whether or not a later read shows
 * it: a later put of the same key hides a lost append from every reader, and the soak checks the
 * RSM's rule directly (an answer goes to a client only if the entry applied at its index is the one
 * it proposed, or a duplicate of an applied one). Sound: a correct RSM acknowledges a write only
 * after a server applied it, so the check needs no waiting.
 */
final class AckLedger {
  private record Call(long client, long seq) {}

  private record Acknowledged(Call call, KvOp op) {}

  private final Set<Call> applied = new HashSet<>();
  private final List<Acknowledged> acknowledged = new ArrayList<>();

  void applied(long client, long seq) {
    applied.add(new Call(client, seq));
  }

  void finished(long client, long seq, KvOp op, Err err) {
    if (op != KvOp.GET && err == Err.OK) {
      acknowledged.add(new Acknowledged(new Call(client, seq), op));
    }
  }

  /** How many writes were acknowledged. */
  int acknowledged() {
    return acknowledged.size();
  }

  /** Null if every acknowledged write was applied by some server; else the first that was not. */
  String unapplied() {
    for (Acknowledged a : acknowledged) {
      if (!applied.contains(a.call())) {
        return a.op() + " of client " + a.call().client() + " (seq " + a.call().seq()
            + ") was acknowledged, but no server applied it";
      }
    }
    return null;
  }
}
