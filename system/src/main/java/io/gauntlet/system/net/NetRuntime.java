package io.gauntlet.system.net;

import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.ClientRequest;
import io.gauntlet.system.runtime.Durable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.NodeFactory;
import io.gauntlet.system.runtime.Runtime;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Runtime}: one event-loop thread per node runs every message delivery and
 * timer, the clock is {@link System#nanoTime}, messages travel over a {@link Transport}, and storage
 * is the {@link Durable} given at construction.
 *
 * <pre>{@code
 * AddressBook book = new AddressBook().put("n1", "127.0.0.1:7001").put("n2", "127.0.0.1:7002");
 * NetRuntime rt = new NetRuntime("n1", book, types, TransportConfig.defaults(), seed, durable);
 * rt.start(runtime -> new MyNode(runtime));   // listens on n1's address from the book
 * }</pre>
 */
public final class NetRuntime implements Runtime, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetRuntime.class);

  private final String self;
  private final Transport transport;
  private final ScheduledThreadPoolExecutor loop;
  private final SplittableRandom random;
  private final Durable durable;
  private final Map<Class<?>, Function<Message, Message>> answerers = new ConcurrentHashMap<>();
  private volatile Consumer<Throwable> onFatal;
  public static final int DEFAULT_MAX_QUEUED_MESSAGES = 100_000;
  private volatile int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
  private final java.util.concurrent.atomic.AtomicInteger queuedMessages = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong droppedOverload = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong lastOverloadLog = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 2_000_000_000L);
  private volatile boolean failed;
  private volatile Node node;
  private volatile InetSocketAddress bound;

  /**
   * @param durable the node's storage, or null for a node without any (then {@link #durable()}
   *     throws, naming the node)
   */
  public NetRuntime(String self, AddressBook addresses, MessageTypes types, TransportConfig config, long seed, Durable durable) {
    this(self, addresses, types, config, seed, (DurableOpener) executor -> durable, null);
  }

  /** A node without storage (a client) whose transport shares {@code sharedGroup}'s event loops. */
  public static NetRuntime client(String self, AddressBook addresses, MessageTypes types, TransportConfig config, long seed,
      io.netty.channel.EventLoopGroup sharedGroup) {
    return new NetRuntime(self, addresses, types, config, seed, executor -> null, sharedGroup);
  }

  /** Opens the storage through {@code opener}, given the node's executor for its fsync callbacks. */
  public interface DurableOpener {
    Durable open(Executor nodeExecutor) throws java.io.IOException;
  }

  /**
   * Like the constructor, for storage (such as {@code FileDurable}) that must run its sync
   * callbacks on the node's thread.
   *
   * @throws java.io.UncheckedIOException if the storage cannot be opened (its message says why)
   */
  public static NetRuntime withStorage(String self, AddressBook addresses, MessageTypes types, TransportConfig config,
      long seed, DurableOpener opener) {
    return new NetRuntime(self, addresses, types, config, seed, opener, null);
  }

  private NetRuntime(String self, AddressBook addresses, MessageTypes types, TransportConfig config, long seed, DurableOpener opener,
      io.netty.channel.EventLoopGroup sharedGroup) {
    this.self = self;
    this.random = new SplittableRandom(seed);
    this.onFatal = why -> log.error("{}: node stopped after a fatal error; the runtime delivers nothing more", self);
    this.loop = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "node-" + self);
      t.setDaemon(true);
      return t;
    });
    loop.setRemoveOnCancelPolicy(true);
    Executor nodeExecutor = task -> {
      try {
        loop.execute(() -> guarded("a storage callback", task));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        log.debug("{}: storage callback after the node stopped, dropped", self);
      }
    };
    try {
      this.durable = opener.open(nodeExecutor);
    } catch (java.io.IOException e) {
      loop.shutdownNow();
      throw new java.io.UncheckedIOException(e);
    } catch (RuntimeException e) {
      loop.shutdownNow();
      throw e;
    }
    this.transport = new Transport(self, addresses, types, config, new Transport.Handler() {
      @Override
      public void onMessage(String from, Message m) {
        deliver(from, m);
      }

      @Override
      public CompletableFuture<Message> onRequest(String from, Message m) {
        Function<Message, Message> answer = answerers.get(m.getClass());
        if (answer == null) {
          return Transport.Handler.super.onRequest(from, m);
        }
        return call(() -> answer.apply(m));
      }
    }, sharedGroup);
  }

  /**
   * What to do when node logic throws (any Throwable, from a message handler, a timer or a storage
   * callback). The node's state is then unknown, so the runtime stops delivering anything to it
   * (fail-stop, as etcd panics) and calls {@code action}; a daemon exits the process so that it is
   * restarted and recovers from disk, instead of lingering wedged.
   */
  public void onFatal(Consumer<Throwable> action) {
    this.onFatal = action;
  }

  /**
   * Answers requests of {@code type} (an operator's status query, not node logic) on the node's
   * thread with {@code answer}.
   */
  public <T extends Message> void answer(Class<T> type, Function<T, Message> answer) {
    answerers.put(type, m -> answer.apply(type.cast(m)));
  }

  /** Whether node logic has failed (see {@link #onFatal}). */
  public boolean failed() {
    return failed;
  }

  private void guarded(String what, Runnable task) {
    if (failed) {
      return;
    }
    try {
      task.run();
    } catch (Throwable t) {
      failed = true;
      node = null; // its state is unknown now: nothing more is delivered to it
      log.error("{}: FATAL: {} threw {}; stopping the node", self, what, t.toString(), t);
      onFatal.accept(t);
    }
  }

  /**
   * Creates the node and calls {@link Node#start()} on the node's thread, then listens on this
   * node's address if the address book lists it (clients need not listen), so that no message
   * arrives before the node exists. Returns the bound address, or null if the node does not listen.
   */
  public InetSocketAddress start(NodeFactory factory) throws InterruptedException {
    try {
      loop.submit(() -> {
        node = factory.create(this);
        node.start();
      }).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("node " + self + " failed to start: " + e.getCause(), e.getCause());
    }
    InetSocketAddress listenOn = transport.addresses().lookup(self).orElse(null);
    if (listenOn != null) {
      bound = transport.listen(listenOn);
    }
    return bound;
  }

  /** Runs {@code task} on the node's thread and returns its result (for inspection from outside). */
  public <T> CompletableFuture<T> call(java.util.concurrent.Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        f.complete(task.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  public Transport transport() {
    return transport;
  }

  /**
   * Messages waiting for the node's thread are bounded: past {@link #maxQueuedMessages} the node is
   * overloaded and further messages are dropped, as a lossy network would drop them (Raft
   * retries), with a WARN at most once a second saying how many, instead of memory growing until
   * the process dies. A dropped {@link ClientRequest} is answered "overloaded" at once, so its
   * client backs off instead of waiting out its retry timer.
   */
  private void deliver(String from, Message m) {
    if (queuedMessages.incrementAndGet() > maxQueuedMessages) {
      queuedMessages.decrementAndGet();
      if (m instanceof ClientRequest request) {
        transport.send(from, request.overloaded());
      }
      long n = droppedOverload.incrementAndGet();
      long now = System.nanoTime();
      long last = lastOverloadLog.get();
      if (now - last > 1_000_000_000L && lastOverloadLog.compareAndSet(last, now)) {
        log.warn("{}: overloaded: {} messages wait for the node's thread; dropping (latest {} from {}; {} dropped so far)",
            self, maxQueuedMessages, m.getClass().getSimpleName(), from, n);
      }
      return;
    }
    loop.execute(() -> {
      queuedMessages.decrementAndGet();
      guarded("the handler of " + m.getClass().getSimpleName() + " from " + from, () -> {
        Node n = node;
        if (n != null) {
          n.onMessage(from, m);
        }
      });
    });
  }

  /** The most messages that may wait for the node's thread (default {@value #DEFAULT_MAX_QUEUED_MESSAGES}). */
  public void maxQueuedMessages(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxQueuedMessages must be positive, got " + max);
    }
    this.maxQueuedMessages = max;
  }

  /** Messages dropped because the node was overloaded. */
  public long droppedOverload() {
    return droppedOverload.get();
  }

  @Override
  public String self() {
    return self;
  }

  @Override
  public long nowNanos() {
    return System.nanoTime();
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public void send(String to, Message m) {
    transport.send(to, m);
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    ScheduledFuture<?> f = loop.schedule(() -> guarded("a timer", task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Durable durable() {
    if (durable == null) {
      throw new UnsupportedOperationException(
          "node " + self + " was started without durable storage; pass a Durable (e.g. FileDurable) to NetRuntime");
    }
    return durable;
  }

  /** Stops the node (orderly), then the transport and the node's thread. */
  @Override
  public void close() {
    try {
      loop.submit(() -> {
        Node n = node;
        node = null;
        if (n != null) {
          n.stop();
        }
      }).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("{}: node did not stop cleanly: {}", self, e.toString());
    }
    transport.close();
    loop.shutdownNow();
  }
}
