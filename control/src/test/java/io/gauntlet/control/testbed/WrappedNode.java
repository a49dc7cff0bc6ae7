package io.gauntlet.control.testbed;

import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;

/** A broken fixture's shell around a real node: everything passes through unless the fixture's {@link #onMessage} adds its bug. */
class WrappedNode implements Node {
  final Node real;

  WrappedNode(Node real) {
    this.real = real;
  }

  @Override
  public void start() {
    real.start();
  }

  @Override
  public void onMessage(String from, Message m) {
    real.onMessage(from, m);
  }

  @Override
  public void stop() {
    real.stop();
  }
}
