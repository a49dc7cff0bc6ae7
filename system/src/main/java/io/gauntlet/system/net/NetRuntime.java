package io.gauntlet.system.net;

import io.gauntlet.system.runtime.Cancellable;
import io.gauntlet.system.runtime.Durable;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.NodeFactory;
import io.gauntlet.system.runtime.Runtime;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
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
  private volatile Node node;
  private volatile InetSocketAddress bound;

  /**
   * @param durable the node's storage, or null for a node without any (then {@link #durable()}
   *     throws, naming the node)
   */
  public NetRuntime(String self, AddressBook addresses, MessageTypes types, TransportConfig config, long seed, Durable durable) {
    this.self = self;
    this.random = new SplittableRandom(seed);
    this.durable = durable;
    this.loop = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "node-" + self);
      t.setDaemon(true);
      return t;
    });
    loop.setRemoveOnCancelPolicy(true);
    this.transport = new Transport(self, addresses, types, config, new Transport.Handler() {
      @Override
      public void onMessage(String from, Message m) {
        deliver(from, m);
      }
    });
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

  private void deliver(String from, Message m) {
    loop.execute(() -> {
      Node n = node;
      if (n != null) {
        try {
          n.onMessage(from, m);
        } catch (RuntimeException e) {
          log.error("{}: handler for {} from {} failed", self, m.getClass().getSimpleName(), from, e);
        }
      }
    });
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
    ScheduledFuture<?> f = loop.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("{}: timer task failed", self, e);
      }
    }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
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
