package io.gauntlet.system.net;

import io.gauntlet.system.runtime.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's TCP transport (Netty). Frames are a 4-byte big-endian length followed by a
 * {@link FrameCodec} body. Each frame names its sender, so one connection carries traffic both
 * ways: a node listed in the {@link AddressBook} is reached over an outbound connection (opened
 * lazily, re-opened with exponential backoff), and a node that is not listed (a client) is answered
 * over the connection it opened to us.
 *
 * <p>Two styles of use: {@link #send} is fire-and-forget (a message to an unreachable node is
 * queued, boundedly, and may be lost, as the {@code Runtime} contract says), and {@link #request}
 * returns a future completed by the matching response, or failed by a timeout, a refused
 * connection or a dropped one.
 *
 * <p>A malformed frame (garbage, a length over {@link TransportConfig#maxFrameBytes}, an unknown
 * message type) closes its connection with a logged reason; other connections are unaffected.
 */
public final class Transport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Transport.class);
  private static final AttributeKey<String> PEER_ID = AttributeKey.valueOf("gauntlet.peerId");

  /** What the transport delivers. Called on a Netty I/O thread: hand work off, do not block. */
  public interface Handler {
    /** A one-way message. */
    void onMessage(String from, Message m);

    /** A request; the returned future's value is sent back as the response. */
    default CompletableFuture<Message> onRequest(String from, Message m) {
      return CompletableFuture.failedFuture(
          new UnsupportedOperationException("this node does not answer requests (got " + m.getClass().getSimpleName() + ")"));
    }
  }

  private final String self;
  private final AddressBook addresses;
  private final FrameCodec codec;
  private final TransportConfig config;
  private final Handler handler;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private final Map<String, Channel> inbound = new ConcurrentHashMap<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong correlations = new AtomicLong();
  private volatile Channel server;
  private volatile boolean closed;

  public Transport(String self, AddressBook addresses, MessageTypes types, TransportConfig config, Handler handler) {
    this.self = self;
    this.addresses = addresses;
    this.codec = new FrameCodec(types);
    this.config = config;
    this.handler = handler;
    this.group = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("net-" + self, true));
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .handler(initializer());
  }

  public String self() {
    return self;
  }

  public AddressBook addresses() {
    return addresses;
  }

  /** Starts accepting connections on {@code address} (port 0 picks a free port); returns the bound address. */
  public InetSocketAddress listen(InetSocketAddress address) throws InterruptedException {
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer())
            .bind(new InetSocketAddress(address.getHostString(), address.getPort()))
            .await();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "cannot listen on " + AddressBook.format(address) + ": " + bound.cause().getMessage(), bound.cause());
    }
    server = bound.channel();
    return (InetSocketAddress) server.localAddress();
  }

  /** Fire-and-forget: queued while the connection is being (re)established, dropped if nobody answers. */
  public void send(String to, Message m) {
    byte[] frame = encode(Frame.Kind.ONE_WAY, 0, m);
    if (!closed) {
      route(to, frame, 0);
    }
  }

  /**
   * Sends {@code m} as a request; the future completes with the response, or fails with a
   * {@link TimeoutException}, a {@link ConnectException} (refused, unknown node, connection lost)
   * or a {@link RemoteException} (the remote handler failed).
   */
  public CompletableFuture<Message> request(String to, Message m, Duration timeout) {
    long correlation = correlations.incrementAndGet();
    byte[] frame = encode(Frame.Kind.REQUEST, correlation, m);
    CompletableFuture<Message> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new ConnectException("transport of " + self + " is closed"));
      return result;
    }
    Pending p = new Pending(result, to);
    pending.put(correlation, p);
    p.timer =
        group.schedule(
            () -> fail(correlation, new TimeoutException(
                "no response from " + to + " to " + m.getClass().getSimpleName() + " within " + timeout.toMillis() + " ms")),
            timeout.toNanos(), TimeUnit.NANOSECONDS);
    route(to, frame, correlation);
    return result;
  }

  private byte[] encode(Frame.Kind kind, long correlation, Message m) {
    byte[] frame = codec.encode(kind, correlation, self, m);
    if (frame.length > config.maxFrameBytes()) {
      throw new IllegalArgumentException(
          m.getClass().getSimpleName() + " encodes to " + frame.length + " bytes, over the frame limit of "
              + config.maxFrameBytes() + "; split it");
    }
    return frame;
  }

  private void route(String to, byte[] frame, long correlation) {
    if (addresses.lookup(to).isPresent()) {
      Peer peer = peers.computeIfAbsent(to, id -> new Peer(id, group.next()));
      peer.loop.execute(() -> peer.submit(frame, correlation));
      return;
    }
    Channel ch = inbound.get(to);
    if (ch != null && ch.isActive()) {
      write(ch, frame, correlation);
    } else if (correlation != 0) {
      fail(correlation, new ConnectException("no address for node '" + to + "' and no connection from it"));
    } else {
      log.debug("{}: dropping message to unknown node {}", self, to);
    }
  }

  private void write(Channel ch, byte[] frame, long correlation) {
    if (correlation != 0) {
      Pending p = pending.get(correlation);
      if (p != null) {
        p.channel = ch;
      }
    }
    ch.writeAndFlush(Unpooled.wrappedBuffer(frame))
        .addListener(f -> {
          if (!f.isSuccess() && correlation != 0) {
            fail(correlation, new ConnectException("write to " + ch.remoteAddress() + " failed: " + f.cause()));
          }
        });
  }

  private void fail(long correlation, Throwable why) {
    Pending p = pending.remove(correlation);
    if (p != null) {
      p.cancelTimer();
      p.result.completeExceptionally(why);
    }
  }

  private ChannelInitializer<SocketChannel> initializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline()
            .addLast(new LengthFieldBasedFrameDecoder(config.maxFrameBytes(), 0, 4, 0, 4))
            .addLast(new LengthFieldPrepender(4))
            .addLast(new FrameHandler());
      }
    };
  }

  /** Decodes frames and dispatches them; closes the connection on anything malformed. */
  private final class FrameHandler extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf buf) {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      Frame frame = codec.decode(bytes);
      Channel ch = ctx.channel();
      if (ch.attr(PEER_ID).get() == null) {
        ch.attr(PEER_ID).set(frame.from());
        inbound.put(frame.from(), ch);
      }
      switch (frame.kind()) {
        case ONE_WAY -> handler.onMessage(frame.from(), frame.body());
        case REQUEST -> answer(ch, frame);
        case RESPONSE -> {
          Pending p = pending.remove(frame.correlation());
          if (p != null) {
            p.cancelTimer();
            if (frame.body() instanceof RemoteError err) {
              p.result.completeExceptionally(new RemoteException(frame.from() + ": " + err.message()));
            } else {
              p.result.complete(frame.body());
            }
          }
        }
      }
    }

    private void answer(Channel ch, Frame frame) {
      CompletableFuture<Message> reply;
      try {
        reply = handler.onRequest(frame.from(), frame.body());
      } catch (RuntimeException e) {
        reply = CompletableFuture.failedFuture(e);
      }
      reply.whenComplete((response, error) -> {
        Message body = error == null ? response : new RemoteError(String.valueOf(error.getMessage()));
        byte[] bytes;
        try {
          bytes = encode(Frame.Kind.RESPONSE, frame.correlation(), body);
        } catch (RuntimeException e) {
          bytes = encode(Frame.Kind.RESPONSE, frame.correlation(), new RemoteError(e.getMessage()));
        }
        ch.writeAndFlush(Unpooled.wrappedBuffer(bytes));
      });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      String id = ch.attr(PEER_ID).get();
      if (id != null) {
        inbound.remove(id, ch);
      }
      for (Map.Entry<Long, Pending> e : pending.entrySet()) {
        if (e.getValue().channel == ch) {
          fail(e.getKey(), new ConnectException("connection to " + e.getValue().to + " closed before its response"));
        }
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Throwable root = cause;
      while (root.getCause() != null && !(root instanceof MalformedFrameException)) {
        root = root.getCause();
      }
      if (root instanceof java.io.IOException) {
        // The peer went away (reset, broken pipe): routine when a process dies, not a protocol error.
        log.info("{}: connection with {} lost: {}", self, ctx.channel().remoteAddress(), root.getMessage());
      } else {
        log.warn("{}: closing connection with {}: {}", self, ctx.channel().remoteAddress(), root.getMessage());
      }
      ctx.close();
    }
  }

  /** The outbound connection to one listed node; all its state is touched only on {@link #loop}. */
  private final class Peer {
    final String id;
    final EventLoop loop;
    final ArrayDeque<Queued> queue = new ArrayDeque<>();
    Channel channel;
    boolean connecting;
    long backoffNanos;

    Peer(String id, EventLoop loop) {
      this.id = id;
      this.loop = loop;
    }

    void submit(byte[] frame, long correlation) {
      if (channel != null && channel.isActive()) {
        write(channel, frame, correlation);
        return;
      }
      if (queue.size() >= config.maxQueuedFrames()) {
        Queued dropped = queue.poll();
        if (dropped.correlation != 0) {
          fail(dropped.correlation, new ConnectException("send queue to " + id + " overflowed"));
        }
      }
      queue.add(new Queued(frame, correlation));
      if (!connecting && backoffNanos == 0) {
        connect();
      }
    }

    void connect() {
      if (closed) {
        return;
      }
      InetSocketAddress a = addresses.lookup(id).orElse(null);
      if (a == null) {
        failQueued(new ConnectException("node '" + id + "' was removed from the address book"));
        return;
      }
      connecting = true;
      bootstrap.clone(loop).connect(new InetSocketAddress(a.getHostString(), a.getPort())).addListener((ChannelFuture f) -> {
        connecting = false;
        if (f.isSuccess()) {
          backoffNanos = 0;
          channel = f.channel();
          channel.closeFuture().addListener(x -> loop.execute(() -> {
            if (channel == f.channel()) {
              channel = null;
            }
          }));
          while (!queue.isEmpty()) {
            Queued q = queue.poll();
            write(channel, q.frame, q.correlation);
          }
        } else {
          log.debug("{}: connect to {} ({}) failed: {}", self, id, AddressBook.format(a), f.cause().toString());
          // A request fails at once (its caller decides whether to retry); one-way frames wait.
          queue.removeIf(q -> {
            if (q.correlation != 0) {
              fail(q.correlation, new ConnectException("cannot connect to " + id + " at " + AddressBook.format(a) + ": " + f.cause().getMessage()));
              return true;
            }
            return false;
          });
          backoffNanos = backoffNanos == 0
              ? config.minBackoff().toNanos()
              : Math.min(backoffNanos * 2, config.maxBackoff().toNanos());
          loop.schedule(() -> {
            if (!queue.isEmpty()) {
              connect();
            } else {
              backoffNanos = 0;
            }
          }, backoffNanos, TimeUnit.NANOSECONDS);
        }
      });
    }

    void failQueued(Throwable why) {
      for (Queued q : queue) {
        if (q.correlation != 0) {
          fail(q.correlation, why);
        }
      }
      queue.clear();
    }
  }

  private record Queued(byte[] frame, long correlation) {}

  private static final class Pending {
    final CompletableFuture<Message> result;
    final String to;
    volatile ScheduledFuture<?> timer;
    volatile Channel channel;

    Pending(CompletableFuture<Message> result, String to) {
      this.result = result;
      this.to = to;
    }

    void cancelTimer() {
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (server != null) {
      server.close().awaitUninterruptibly();
    }
    for (Long c : pending.keySet()) {
      fail(c, new ConnectException("transport of " + self + " closed"));
    }
    group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly();
  }
}
