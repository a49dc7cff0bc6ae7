package io.gauntlet.system.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gauntlet.system.net.NetRuntimeTest.Hello;
import io.gauntlet.system.net.NetRuntimeTest.Stuck;
import io.gauntlet.system.runtime.ClientRequest;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An overloaded node answers the client requests it cannot queue, and only those. */
class OverloadAnswerTest {
  record Ask(int n) implements ClientRequest {
    @Override
    public Message overloaded() {
      return new Busy(n);
    }
  }

  record Busy(int n) implements Message {}

  /** Collects whatever reaches it. */
  record Inbox(BlockingQueue<Message> got) implements Node {
    @Override
    public void start() {}

    @Override
    public void onMessage(String from, Message m) {
      got.add(m);
    }
  }

  @Test
  void aClientRequestThatFindsTheQueueFullIsAnsweredOverloaded() throws Exception {
    AddressBook book = NetRuntimeTest.bookOfN1();
    MessageTypes types = new MessageTypes().register(Hello.class).register(Ask.class).register(Busy.class);
    Stuck stuck = new Stuck();
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    try (NetRuntime n1 = new NetRuntime("n1", book, types, TransportConfig.defaults(), 1, null);
        NetRuntime client = new NetRuntime("c", book, types, TransportConfig.defaults(), 2, null)) {
      n1.maxQueuedMessages(10);
      n1.start(rt -> stuck);
      client.start(rt -> new Inbox(got));
      client.send("n1", new Hello(0)); // blocks the node's thread
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (stuck.handled.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      // One connection delivers in order: ten fill the queue, then everything is dropped.
      for (int i = 1; i <= 10; i++) {
        client.send("n1", new Hello(i));
      }
      for (int i = 0; i < 20; i++) {
        client.send("n1", new Ask(i));
      }
      for (int i = 11; i <= 15; i++) {
        client.send("n1", new Hello(i)); // a server's message: dropped without an answer
      }
      while (n1.droppedOverload() < 25 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      List<Message> answers = new ArrayList<>();
      for (Message m; answers.size() < 20 && (m = got.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
        answers.add(m);
      }
      stuck.release.countDown();
      Thread.sleep(200);
      got.drainTo(answers);
      List<Message> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add(new Busy(i));
      }
      assertEquals(25, n1.droppedOverload());
      assertEquals(expected, answers, "every dropped Ask answered Busy, in order; no Hello answered");
    }
  }
}
