package io.gauntlet.system.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gauntlet.system.runtime.Message;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The handshake and the listener's bounds: only holders of the cluster secret reach the node, a
 * stranger cannot make it buffer much or hold many connections, and a peer that accepts TCP but
 * never speaks does not wedge the sender.
 */
class TransportSecurityTest {
  record Ping(String text) implements Message {}

  record Pong(String text) implements Message {}

  static final byte[] SECRET = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

  private final List<Transport> open = new ArrayList<>();
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private ListAppender<ILoggingEvent> logs;

  static MessageTypes types() {
    return new MessageTypes().register(Ping.class).register(Pong.class);
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

  private Transport transport(String id, AddressBook book, TransportConfig config) {
    Transport t = new Transport(id, book, types(), config, new Transport.Handler() {
      @Override
      public void onMessage(String from, Message m) {
        received.add(from + ":" + ((Ping) m).text());
      }

      @Override
      public CompletableFuture<Message> onRequest(String from, Message m) {
        return CompletableFuture.completedFuture(new Pong("hello " + from));
      }
    });
    open.add(t);
    return t;
  }

  private static TransportConfig config(byte[] secret) {
    return TransportConfig.defaults().withSecret(secret).withLimits(Duration.ofMillis(400), 1024, 4);
  }

  private InetSocketAddress server() throws Exception {
    return transport("s", new AddressBook(), config(SECRET)).listen(new InetSocketAddress("127.0.0.1", 0));
  }

  private boolean logged(String text) {
    return logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
  }

  @Test
  void aClientWithTheSecretIsAnswered() throws Exception {
    InetSocketAddress a = server();
    Transport c = transport("c", new AddressBook().put("s", "127.0.0.1:" + a.getPort()), config(SECRET));
    assertEquals(new Pong("hello c"), c.request("s", new Ping("x"), Duration.ofSeconds(5)).get());
  }

  @Test
  void aClientWithTheWrongSecretIsRefusedAndTheSecretIsNeverLogged() throws Exception {
    InetSocketAddress a = server();
    Transport bad = transport("intruder", new AddressBook().put("s", "127.0.0.1:" + a.getPort()),
        config("wrong".getBytes(StandardCharsets.UTF_8)));
    bad.send("s", new Ping("one-way from intruder"));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> bad.request("s", new Ping("x"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
    assertInstanceOf(ConnectException.class, e.getCause());
    waitFor(() -> logged("authentication failed: connection claiming to be 'intruder' does not hold the cluster secret"));
    assertTrue(received.isEmpty(), "an unauthenticated message reached the node: " + received);
    String secret = new String(SECRET, StandardCharsets.UTF_8);
    assertFalse(logs.list.stream().anyMatch(l -> l.getFormattedMessage().contains(secret)), "the secret was logged");
    // The node keeps serving the others.
    Transport good = transport("good", new AddressBook().put("s", "127.0.0.1:" + a.getPort()), config(SECRET));
    assertEquals(new Pong("hello good"), good.request("s", new Ping("x"), Duration.ofSeconds(5)).get());
  }

  @Test
  void aServerWithoutTheSecretIsNotTrustedByTheClient() throws Exception {
    InetSocketAddress a = transport("s", new AddressBook(), config("other".getBytes(StandardCharsets.UTF_8)))
        .listen(new InetSocketAddress("127.0.0.1", 0));
    Transport c = transport("c", new AddressBook().put("s", "127.0.0.1:" + a.getPort()), config(SECRET));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> c.request("s", new Ping("x"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
    assertInstanceOf(ConnectException.class, e.getCause());
  }

  @Test
  void garbageBeforeTheHandshakeClosesTheConnection() throws Exception {
    InetSocketAddress a = server();
    try (RawPeer raw = new RawPeer(a.getPort())) {
      raw.readFrame(); // the challenge
      raw.writeFrame(new byte[] {9, 9, 9});
      assertTrue(raw.closedByServer());
    }
    waitFor(() -> logged("handshake: expected a response message"));
  }

  @Test
  void aHugeLengthBeforeTheHandshakeIsRefusedWithoutBuffering() throws Exception {
    InetSocketAddress a = server();
    try (RawPeer raw = new RawPeer(a.getPort())) {
      raw.out.writeInt(Integer.MAX_VALUE);
      raw.out.write(new byte[8192]);
      raw.out.flush();
      assertTrue(raw.closedByServer());
    }
    waitFor(() -> logged("frame length 2147483647 exceeds the limit of 1024 bytes (before authentication)"));
  }

  @Test
  void aSilentConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
    InetSocketAddress a = server();
    try (RawPeer raw = new RawPeer(a.getPort())) {
      raw.readFrame();
      long start = System.nanoTime();
      assertTrue(raw.closedByServer());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "closed only after the read timeout");
    }
    waitFor(() -> logged("no handshake within 400 ms"));
  }

  @Test
  void unauthenticatedConnectionsAreCapped() throws Exception {
    InetSocketAddress a = server();
    List<RawPeer> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        idle.add(new RawPeer(a.getPort()));
      }
      try (RawPeer fifth = new RawPeer(a.getPort())) {
        assertTrue(fifth.closedByServer(), "a fifth unauthenticated connection must be closed at once");
      }
      waitFor(() -> logged("rejecting connection"));
    } finally {
      for (RawPeer p : idle) {
        p.close();
      }
    }
    // Once the idle ones are gone (closed or timed out), a real client gets through.
    Transport c = transport("c", new AddressBook().put("s", "127.0.0.1:" + a.getPort()), config(SECRET));
    waitFor(() -> {
      try {
        return c.request("s", new Ping("x"), Duration.ofSeconds(1)).get() != null;
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void aPeerThatAcceptsAndClosesIsRetriedWithBackoff() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket ss = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!ss.isClosed()) {
          try (Socket s = ss.accept()) {
            accepted.incrementAndGet();
          } catch (Exception e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Transport c = transport("c", new AddressBook().put("s", "127.0.0.1:" + ss.getLocalPort()), config(SECRET));
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < end) {
        c.send("s", new Ping("again"));
        Thread.sleep(5);
      }
      // 50 ms doubling to 2 s allows about 7 attempts in 3 s; without backoff it was over 100.
      assertTrue(accepted.get() <= 12, "reconnected " + accepted.get() + " times in 3 s");
      assertTrue(accepted.get() >= 2, "never retried: " + accepted.get());
    }
  }

  @Test
  void aPeerThatAcceptsButNeverSpeaksFailsTheRequestInsteadOfWedging() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      // Like a SIGSTOPped node: the kernel accepts, nobody answers.
      Transport c = transport("c", new AddressBook().put("s", "127.0.0.1:" + ss.getLocalPort()), config(SECRET));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> c.request("s", new Ping("x"), Duration.ofSeconds(30)).get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("no handshake from s"), e.getCause().toString());
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check c) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.ok()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
