package io.gauntlet.system.kvraft;

import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;

/** A fake kv server that answers every request with one error code (value "v"), and records when each arrived. */
public final class FixedAnswerServer implements Node {
  private final Runtime rt;
  private final Err err;
  public final List<Long> arrivals = new ArrayList<>();

  public FixedAnswerServer(Runtime rt, Err err) {
    this.rt = rt;
    this.err = err;
  }

  @Override
  public void start() {}

  @Override
  public void onMessage(String from, Message m) {
    if (m instanceof KvRequest req) {
      arrivals.add(rt.nowNanos());
      rt.send(from, err == Err.ERR_OVERLOADED ? req.overloaded() : new KvReply(req.seq(), err, "v", 1, null));
    }
  }
}
