package io.gauntlet.system.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gauntlet.system.runtime.Message;
import java.io.DataOutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TransportTest {
  record Ping(String text, byte[] payload) implements Message {}

  record Pong(String text) implements Message {}

  record Silent() implements Message {}

  record Unknown(int x) implements Message {}

  private final List<Transport> open = new ArrayList<>();
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private ListAppender<ILoggingEvent> logs;

  static MessageTypes types() {
    return new MessageTypes().register(Ping.class).register(Pong.class).register(Silent.class);
  }

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(Transport.class)).addAppender(logs);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(Transport.class)).detachAppender(logs);
    open.forEach(Transport::close);
  }

  /** A server that records one-way messages and answers Ping with Pong (and never answers Silent). */
  private Transport server(String id, AddressBook book) {
    Transport t = new Transport(id, book, types(), TransportConfig.defaults().withMaxFrameBytes(1 << 20), new Transport.Handler() {
      @Override
      public void onMessage(String from, Message m) {
        received.add(from + ":" + (m instanceof Ping p ? p.text() : m.getClass().getSimpleName()));
      }

      @Override
      public CompletableFuture<Message> onRequest(String from, Message m) {
        if (m instanceof Ping p) {
          return CompletableFuture.completedFuture(new Pong(p.text() + " from " + from + " len " + p.payload().length));
        }
        return new CompletableFuture<>();
      }
    });
    open.add(t);
    return t;
  }

  private InetSocketAddress listen(Transport t) throws InterruptedException {
    return t.listen(new InetSocketAddress("127.0.0.1", 0));
  }

  @Test
  void requestGetsItsResponseAndOneWayMessagesArrive() throws Exception {
    Transport s = server("s", new AddressBook());
    InetSocketAddress a = listen(s);
    Transport c = server("c", new AddressBook().put("s", "127.0.0.1:" + a.getPort()));
    byte[] payload = new byte[300_000];
    payload[12345] = 7;
    Message reply = c.request("s", new Ping("hello", payload), Duration.ofSeconds(5)).get();
    assertEquals(new Pong("hello from c len 300000"), reply);
    c.send("s", new Ping("one-way", new byte[0]));
    assertEquals("c:one-way", received.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void serverAnswersAClientOverTheClientsOwnConnection() throws Exception {
    Transport s = server("s", new AddressBook());
    InetSocketAddress a = listen(s);
    Transport c = server("c", new AddressBook().put("s", "127.0.0.1:" + a.getPort()));
    c.send("s", new Ping("hi", new byte[0]));
    assertEquals("c:hi", received.poll(5, TimeUnit.SECONDS));
    s.send("c", new Ping("back", new byte[0])); // "c" is not in s's address book
    assertEquals("s:back", received.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void messagesSentBeforeThePeerListensAreDeliveredOnceItDoes() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Transport c = server("c", new AddressBook().put("s", "127.0.0.1:" + port));
    c.send("s", new Ping("early", new byte[0]));
    Thread.sleep(300); // a few refused connection attempts
    Transport s = server("s", new AddressBook());
    s.listen(new InetSocketAddress("127.0.0.1", port));
    assertEquals("c:early", received.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void requestToAClosedPortFailsWithConnectException() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Transport c = server("c", new AddressBook().put("s", "127.0.0.1:" + port));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> c.request("s", new Ping("x", new byte[0]), Duration.ofSeconds(10)).get(5, TimeUnit.SECONDS));
    assertInstanceOf(ConnectException.class, e.getCause());
  }

  @Test
  void unansweredRequestTimesOut() throws Exception {
    Transport s = server("s", new AddressBook());
    InetSocketAddress a = listen(s);
    Transport c = server("c", new AddressBook().put("s", "127.0.0.1:" + a.getPort()));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> c.request("s", new Silent(), Duration.ofMillis(300)).get(5, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, e.getCause());
  }

  @Test
  void garbageFrameClosesThatConnectionOnlyAndIsLogged() throws Exception {
    assertMalformedClosesAndServerKeepsServing(out -> {
      out.writeInt(5);
      out.write(new byte[] {1, 2, 3, 4, 5});
    }, "undecodable frame");
  }

  @Test
  void oversizeLengthPrefixClosesTheConnection() throws Exception {
    assertMalformedClosesAndServerKeepsServing(out -> out.writeInt(100 << 20), "exceeds the limit");
  }

  @Test
  void twoGibLengthPrefixClosesTheConnection() throws Exception {
    assertMalformedClosesAndServerKeepsServing(out -> out.writeInt(Integer.MAX_VALUE), "frame length 2147483647 exceeds the limit");
  }

  @Test
  void unknownMessageTypeClosesTheConnection() throws Exception {
    byte[] frame = new FrameCodec(new MessageTypes().register(Unknown.class)).encode(Frame.Kind.ONE_WAY, 0, "raw", new Unknown(1));
    assertMalformedClosesAndServerKeepsServing(out -> {
      out.writeInt(frame.length);
      out.write(frame);
    }, "unknown message type 'Unknown'");
  }

  @Test
  void randomBytesCloseTheConnection() throws Exception {
    long seed = System.nanoTime();
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    byte[] junk = new byte[4096];
    r.nextBytes(junk);
    junk[0] = 0; // a 100-byte length prefix, so the body is read and fails to decode
    junk[1] = 0;
    junk[2] = 0;
    junk[3] = 100;
    try {
      assertMalformedClosesAndServerKeepsServing(out -> out.write(junk), "");
    } catch (AssertionError e) {
      throw new AssertionError("random bytes, seed " + seed + ": " + e.getMessage(), e);
    }
  }

  @Test
  void aFrameClaimingAnotherSenderIsRefused() throws Exception {
    byte[] frame = new FrameCodec(types()).encode(Frame.Kind.ONE_WAY, 0, "n1", new Ping("forged", new byte[0]));
    assertMalformedClosesAndServerKeepsServing(out -> {
      out.writeInt(frame.length);
      out.write(frame);
    }, "claims to be from 'n1' but the connection authenticated as 'raw'");
    assertTrue(received.stream().noneMatch(m -> m.contains("forged")), "a forged frame reached the node: " + received);
  }

  interface Writes {
    void to(DataOutputStream out) throws Exception;
  }

  private void assertMalformedClosesAndServerKeepsServing(Writes bad, String reason) throws Exception {
    Transport s = server("s", new AddressBook());
    InetSocketAddress a = listen(s);
    Transport good = server("good", new AddressBook().put("s", "127.0.0.1:" + a.getPort()));
    assertInstanceOf(Pong.class, good.request("s", new Ping("before", new byte[0]), Duration.ofSeconds(5)).get());
    try (RawPeer raw = new RawPeer(a.getPort()).authenticate("raw", TransportConfig.DEFAULT_SECRET)) {
      bad.to(raw.out);
      raw.out.flush();
      assertTrue(raw.closedByServer(), "the server must close a connection that sent a malformed frame");
    }
    assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("closing connection") && e.getFormattedMessage().contains(reason)),
        "expected a logged reason containing '" + reason + "', got " + logs.list);
    Message after = good.request("s", new Ping("after", new byte[] {1}), Duration.ofSeconds(5)).get();
    assertEquals(new Pong("after from good len 1"), after);
  }

  @Test
  void codecRoundTripsBinaryPayloads() {
    FrameCodec codec = new FrameCodec(types());
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    Frame f = codec.decode(codec.encode(Frame.Kind.REQUEST, 42, "n1", new Ping("p", data)));
    assertEquals(Frame.Kind.REQUEST, f.kind());
    assertEquals(42, f.correlation());
    assertEquals("n1", f.from());
    assertArrayEquals(data, ((Ping) f.body()).payload());
  }
}
