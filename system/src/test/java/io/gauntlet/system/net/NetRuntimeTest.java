package io.gauntlet.system.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.net.ServerSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetRuntimeTest {
  record Hello(int n) implements Message {}

  /** Replies n+1 to every Hello below 5, records what it saw and on which thread. */
  static final class Echo implements Node {
    final Runtime rt;
    final BlockingQueue<String> seen;

    Echo(Runtime rt, BlockingQueue<String> seen) {
      this.rt = rt;
      this.seen = seen;
    }

    @Override
    public void start() {
      rt.schedule(50_000_000L, () -> seen.add(rt.self() + " timer on " + Thread.currentThread().getName()));
    }

    @Override
    public void onMessage(String from, Message m) {
      int n = ((Hello) m).n();
      seen.add(rt.self() + " got " + n + " from " + from + " on " + Thread.currentThread().getName());
      if (n < 5) {
        rt.send(from, new Hello(n + 1));
      }
    }
  }

  @Test
  void twoNodesExchangeMessagesAndTimersOnTheirOwnThreads() throws Exception {
    int p1;
    int p2;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      p1 = a.getLocalPort();
      p2 = b.getLocalPort();
    }
    AddressBook book = new AddressBook().put("n1", "127.0.0.1:" + p1).put("n2", "127.0.0.1:" + p2);
    MessageTypes types = new MessageTypes().register(Hello.class);
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (NetRuntime n1 = new NetRuntime("n1", book, types, TransportConfig.defaults(), 1, null);
        NetRuntime n2 = new NetRuntime("n2", book, types, TransportConfig.defaults(), 2, null)) {
      n1.start(rt -> new Echo(rt, seen));
      n2.start(rt -> new Echo(rt, seen));
      n1.send("n2", new Hello(0));
      java.util.List<String> got = new java.util.ArrayList<>();
      while (got.size() < 8) {
        String s = seen.poll(10, TimeUnit.SECONDS);
        assertTrue(s != null, "timed out; saw " + got);
        got.add(s);
      }
      assertTrue(got.contains("n1 timer on node-n1"), got.toString());
      assertTrue(got.contains("n2 timer on node-n2"), got.toString());
      assertTrue(got.contains("n2 got 0 from n1 on node-n2"), got.toString());
      assertTrue(got.contains("n1 got 5 from n2 on node-n1"), got.toString());
      assertThrows(UnsupportedOperationException.class, n1::durable);
      assertEquals("n1", n1.self());
    }
  }

  /** A node that throws on the message it is told to. */
  static final class Fragile implements Node {
    final BlockingQueue<String> seen;

    Fragile(BlockingQueue<String> seen) {
      this.seen = seen;
    }

    @Override
    public void start() {}

    @Override
    public void onMessage(String from, Message m) {
      int n = ((Hello) m).n();
      if (n == 1) {
        throw new IllegalStateException("bug in the handler");
      }
      if (n == 2) {
        throw new StackOverflowError("an Error, not an Exception");
      }
      seen.add("handled " + n);
    }
  }

  @Test
  void aThrowingHandlerStopsTheNodeAndReportsTheCause() throws Exception {
    for (int bad : new int[] {1, 2}) {
      int port;
      try (ServerSocket a = new ServerSocket(0)) {
        port = a.getLocalPort();
      }
      AddressBook book = new AddressBook().put("n1", "127.0.0.1:" + port);
      MessageTypes types = new MessageTypes().register(Hello.class);
      BlockingQueue<String> seen = new LinkedBlockingQueue<>();
      BlockingQueue<Throwable> fatal = new LinkedBlockingQueue<>();
      try (NetRuntime n1 = new NetRuntime("n1", book, types, TransportConfig.defaults(), 1, null);
          NetRuntime client = new NetRuntime("c", book, types, TransportConfig.defaults(), 2, null)) {
        n1.onFatal(fatal::add);
        n1.start(rt -> new Fragile(seen));
        client.start(rt -> new Echo(rt, new LinkedBlockingQueue<>()));
        client.send("n1", new Hello(0));
        assertEquals("handled 0", seen.poll(5, TimeUnit.SECONDS));
        client.send("n1", new Hello(bad));
        Throwable t = fatal.poll(5, TimeUnit.SECONDS);
        assertTrue(t != null && t.getMessage().contains(bad == 1 ? "bug in the handler" : "an Error"), "fatal: " + t);
        assertTrue(n1.failed());
        client.send("n1", new Hello(3));
        assertEquals(null, seen.poll(300, TimeUnit.MILLISECONDS), "a failed node must not handle anything more");
      }
    }
  }

  /** A node that blocks on its first message until released, and counts what it handled. */
  static final class Stuck implements Node {
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void start() {}

    @Override
    public void onMessage(String from, Message m) {
      if (handled.getAndIncrement() == 0) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** An address book with node n1 on a free loopback port. */
  static AddressBook bookOfN1() throws java.io.IOException {
    try (ServerSocket a = new ServerSocket(0)) {
      return new AddressBook().put("n1", "127.0.0.1:" + a.getLocalPort());
    }
  }

  @Test
  void anOverloadedNodeDropsWhatItCannotQueueAndSaysSo() throws Exception {
    AddressBook book = bookOfN1();
    MessageTypes types = new MessageTypes().register(Hello.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(NetRuntime.class)).addAppender(logs);
    Stuck stuck = new Stuck();
    try (NetRuntime n1 = new NetRuntime("n1", book, types, TransportConfig.defaults(), 1, null);
        NetRuntime client = new NetRuntime("c", book, types, TransportConfig.defaults(), 2, null)) {
      n1.maxQueuedMessages(10);
      n1.start(rt -> stuck);
      client.start(rt -> new Echo(rt, new LinkedBlockingQueue<>()));
      for (int i = 0; i < 50; i++) {
        client.send("n1", new Hello(100 + i));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (n1.droppedOverload() < 38 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      stuck.release.countDown();
      while (stuck.handled.get() + n1.droppedOverload() < 50 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // One message is handled (blocking), at most ten wait, the rest are dropped: none is lost silently.
      assertEquals(50, stuck.handled.get() + n1.droppedOverload(), "every message handled or counted as dropped");
      assertTrue(n1.droppedOverload() >= 38 && stuck.handled.get() <= 12,
          "dropped " + n1.droppedOverload() + ", handled " + stuck.handled.get());
      assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("overloaded: 10 messages wait")), logs.list.toString());
    } finally {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(NetRuntime.class)).detachAppender(logs);
    }
  }
}
