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
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.Promise;
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
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Every connection starts with a {@link Handshake}: both ends prove they hold the cluster secret
 * and the connection's sender id is fixed by it. Before that, frames are limited to
 * {@link Handshake#MAX_BYTES}; an accepted connection that does not authenticate within
 * {@link TransportConfig#handshakeTimeout} is closed; the listener holds at most
 * {@link TransportConfig#maxConnections} connections, {@link TransportConfig#maxUnauthenticated}
 * of them unauthenticated.
 *
 * <p>A malformed frame (garbage, a length over {@link TransportConfig#maxFrameBytes}, an unknown
 * message type, a sender other than the authenticated one) closes its connection with a logged
 * reason; other connections are unaffected. One-way frames to a connection whose write buffer is
 * full (a peer that stopped reading) are dropped, as a lossy network may, so memory stays bounded.
 */
public final class Transport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Transport.class);
  private static final AttributeKey<String> PEER_ID = AttributeKey.valueOf("gauntlet.peerId");
  private static final AttributeKey<Auth> AUTH = AttributeKey.valueOf("gauntlet.auth");

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
  private final boolean ownsGroup;
  private final Bootstrap bootstrap;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private final Map<String, Channel> inbound = new ConcurrentHashMap<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong correlations = new AtomicLong();
  private final Handshake handshake;
  private final AtomicInteger acceptedOpen = new AtomicInteger();
  private final AtomicInteger unauthenticatedOpen = new AtomicInteger();
  private final AtomicLong droppedUnwritable = new AtomicLong();
  private volatile Channel server;
  private volatile boolean closed;

  public Transport(String self, AddressBook addresses, MessageTypes types, TransportConfig config, Handler handler) {
    this(self, addresses, types, config, handler, null);
  }

  /**
   * @param sharedGroup Netty event loops shared with other transports of this process (many clients
   *     in one JVM), not shut down by {@link #close()}; null for a group of its own
   */
  public Transport(String self, AddressBook addresses, MessageTypes types, TransportConfig config, Handler handler,
      EventLoopGroup sharedGroup) {
    this.self = self;
    this.addresses = addresses;
    this.codec = new FrameCodec(types);
    this.config = config;
    this.handler = handler;
    this.handshake = new Handshake(config.secret());
    this.ownsGroup = sharedGroup == null;
    this.group = sharedGroup != null ? sharedGroup : new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("net-" + self, true));
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
  }

  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 << 20, 32 << 20);

  public String self() {
    return self;
  }

  /** One-way frames dropped because the connection's write buffer was full. */
  public long droppedUnwritable() {
    return droppedUnwritable.get();
  }

  /** Accepted connections open now (authenticated or not). */
  public int acceptedConnections() {
    return acceptedOpen.get();
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
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(initializer(null, null))
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
    if (correlation == 0 && !ch.isWritable()) {
      droppedUnwritable.incrementAndGet();
      return; // the peer is not reading: drop, as a lossy network would, rather than buffer without bound
    }
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

  /**
   * The pipeline of one connection. {@code expectedPeer} and {@code authenticated} are set for a
   * connection we open (we know whom we called); both are null for an accepted one.
   */
  private ChannelInitializer<SocketChannel> initializer(String expectedPeer, Promise<Channel> authenticated) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        Auth auth = new Auth(expectedPeer, authenticated);
        ch.attr(AUTH).set(auth);
        ch.pipeline()
            .addLast(auth.decoder)
            .addLast(new LengthFieldPrepender(4))
            .addLast(new FrameHandler());
      }
    };
  }

  /** The handshake state of one connection; touched only on its event loop. */
  private static final class Auth {
    final String expectedPeer;
    final Promise<Channel> authenticated;
    final FrameDecoder decoder = new FrameDecoder(Handshake.MAX_BYTES);
    byte[] myNonce;
    byte[] theirNonce;
    String peer;
    boolean done;
    boolean counted;

    Auth(String expectedPeer, Promise<Channel> authenticated) {
      this.expectedPeer = expectedPeer;
      this.authenticated = authenticated;
    }

    boolean acceptor() {
      return expectedPeer == null;
    }
  }

  /** Decodes frames and dispatches them; closes the connection on anything malformed. */
  private final class FrameHandler extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      Auth auth = ch.attr(AUTH).get();
      if (auth.acceptor()) {
        if (closed) {
          ch.close();
          return;
        }
        int open = acceptedOpen.incrementAndGet();
        int pendingAuth = unauthenticatedOpen.incrementAndGet();
        auth.counted = true;
        if (open > config.maxConnections() || pendingAuth > config.maxUnauthenticated()) {
          log.warn("{}: rejecting connection from {}: {} connections open ({} unauthenticated), limits {} and {}",
              self, ch.remoteAddress(), open, pendingAuth, config.maxConnections(), config.maxUnauthenticated());
          ch.close();
          return;
        }
        auth.myNonce = Handshake.nonce();
        ch.writeAndFlush(Unpooled.wrappedBuffer(Handshake.challenge(auth.myNonce, self)));
        ch.eventLoop().schedule(() -> {
          if (!auth.done && ch.isActive()) {
            log.warn("{}: closing connection with {}: no handshake within {} ms", self, ch.remoteAddress(),
                config.handshakeTimeout().toMillis());
            ch.close();
          }
        }, config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf buf) {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      Channel ch = ctx.channel();
      Auth auth = ch.attr(AUTH).get();
      if (!auth.done) {
        shake(ch, auth, bytes);
        return;
      }
      Frame frame = codec.decode(bytes);
      if (!frame.from().equals(auth.peer)) {
        throw new MalformedFrameException("frame claims to be from '" + frame.from()
            + "' but the connection authenticated as '" + auth.peer + "'");
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

    /** One step of the {@link Handshake}; a failure throws, which closes the connection with the reason. */
    private void shake(Channel ch, Auth auth, byte[] bytes) {
      if (auth.acceptor()) {
        Handshake.Response r = Handshake.parseResponse(bytes);
        if (!handshake.responseValid(r, auth.myNonce, self)) {
          throw new MalformedFrameException("authentication failed: connection claiming to be '" + r.connectorId()
              + "' does not hold the cluster secret");
        }
        authenticated(ch, auth, r.connectorId());
        inbound.put(auth.peer, ch);
        ch.writeAndFlush(Unpooled.wrappedBuffer(handshake.accept(r.nonceC(), auth.myNonce, self, auth.peer)));
        log.debug("{}: accepted authenticated connection from {} ({})", self, auth.peer, ch.remoteAddress());
      } else if (auth.theirNonce == null) {
        Handshake.Challenge c = Handshake.parseChallenge(bytes);
        if (!c.acceptorId().equals(auth.expectedPeer)) {
          throw new MalformedFrameException("connected to " + ch.remoteAddress() + " expecting node '"
              + auth.expectedPeer + "' but it says it is '" + c.acceptorId() + "'");
        }
        auth.theirNonce = c.nonceA();
        auth.myNonce = Handshake.nonce();
        ch.writeAndFlush(Unpooled.wrappedBuffer(handshake.response(c.nonceA(), auth.myNonce, self, c.acceptorId())));
      } else {
        byte[] mac = Handshake.parseAccept(bytes);
        if (!handshake.acceptValid(mac, auth.myNonce, auth.theirNonce, auth.expectedPeer, self)) {
          throw new MalformedFrameException("authentication failed: node '" + auth.expectedPeer
              + "' at " + ch.remoteAddress() + " does not hold the cluster secret");
        }
        authenticated(ch, auth, auth.expectedPeer);
        auth.authenticated.trySuccess(ch);
      }
    }

    private void authenticated(Channel ch, Auth auth, String peer) {
      auth.done = true;
      auth.peer = peer;
      ch.attr(PEER_ID).set(peer);
      auth.decoder.raiseLimit(config.maxFrameBytes());
      if (auth.counted) {
        unauthenticatedOpen.decrementAndGet();
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
      Auth auth = ch.attr(AUTH).get();
      if (auth.counted) {
        acceptedOpen.decrementAndGet();
        if (!auth.done) {
          unauthenticatedOpen.decrementAndGet();
        }
      }
      if (auth.authenticated != null) {
        auth.authenticated.tryFailure(new ConnectException("connection to " + auth.expectedPeer + " closed during the handshake"));
      }
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
      Promise<Channel> authenticated = loop.newPromise();
      bootstrap.clone(loop).handler(initializer(id, authenticated))
          .connect(new InetSocketAddress(a.getHostString(), a.getPort())).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
              authenticated.tryFailure(f.cause());
              return;
            }
            // A stopped (SIGSTOP) peer's kernel still accepts TCP: give up on a silent handshake.
            loop.schedule(() -> {
              if (authenticated.tryFailure(new ConnectException("no handshake from " + id + " within "
                  + config.handshakeTimeout().toMillis() + " ms"))) {
                f.channel().close();
              }
            }, config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
          });
      authenticated.addListener(done -> {
        connecting = false;
        if (done.isSuccess()) {
          // The backoff resets only now: a peer that accepts and then closes keeps backing off.
          backoffNanos = 0;
          Channel ch = authenticated.getNow();
          channel = ch;
          ch.closeFuture().addListener(x -> loop.execute(() -> {
            if (channel == ch) {
              channel = null;
            }
          }));
          while (!queue.isEmpty()) {
            Queued q = queue.poll();
            write(ch, q.frame, q.correlation);
          }
        } else {
          Throwable cause = done.cause();
          log.debug("{}: connect to {} ({}) failed: {}", self, id, AddressBook.format(a), cause.toString());
          // A request fails at once (its caller decides whether to retry); one-way frames wait.
          queue.removeIf(q -> {
            if (q.correlation != 0) {
              fail(q.correlation, new ConnectException("cannot connect to " + id + " at " + AddressBook.format(a) + ": " + cause.getMessage()));
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
    if (ownsGroup) {
      group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    } else {
      for (Peer p : peers.values()) {
        p.loop.execute(() -> {
          if (p.channel != null) {
            p.channel.close();
          }
        });
      }
      for (Channel ch : inbound.values()) {
        ch.close();
      }
    }
  }
}
