package io.gauntlet.workloads.shardkv;

import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.sim.SimWorld;

/**
 * Counts the messages to or from one node that the simulated network's drop rate lost, from now
 * until {@link #stop}. Lets a test translate a labrpc time bound, where a lost RPC fails at once, to
 * our one-way network, where a loss costs the sender a retry timeout.
 */
final class LostMessages implements SimWorld.SendObserver {
  private final String node;
  private boolean stopped;
  private long count;

  private LostMessages(String node) {
    this.node = node;
  }

  static LostMessages of(SimWorld world, String node) {
    LostMessages l = new LostMessages(node);
    world.observe(l);
    return l;
  }

  @Override
  public void onSend(String from, String to, Message m) {}

  @Override
  public void onDrop(String from, String to, Message m) {
    if (!stopped && (from.equals(node) || to.equals(node))) {
      count++;
    }
  }

  long count() {
    return count;
  }

  /** Stops counting (a world cannot forget an observer). */
  void stop() {
    stopped = true;
  }
}
