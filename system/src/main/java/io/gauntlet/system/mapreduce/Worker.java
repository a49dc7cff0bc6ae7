package io.gauntlet.system.mapreduce;

import io.gauntlet.system.mapreduce.Protocol.Chunk;
import io.gauntlet.system.mapreduce.Protocol.Fetch;
import io.gauntlet.system.mapreduce.Protocol.FetchFailed;
import io.gauntlet.system.mapreduce.Protocol.JobDone;
import io.gauntlet.system.mapreduce.Protocol.MapAssignment;
import io.gauntlet.system.mapreduce.Protocol.MapDone;
import io.gauntlet.system.mapreduce.Protocol.MapLocation;
import io.gauntlet.system.mapreduce.Protocol.ReduceAssignment;
import io.gauntlet.system.mapreduce.Protocol.ReduceDone;
import io.gauntlet.system.mapreduce.Protocol.TaskFailed;
import io.gauntlet.system.mapreduce.Protocol.TaskRequest;
import io.gauntlet.system.mapreduce.Protocol.Wait;
import io.gauntlet.system.net.AddressBook;
import io.gauntlet.system.net.MessageTypes;
import io.gauntlet.system.net.Transport;
import io.gauntlet.system.net.TransportConfig;
import io.gauntlet.system.runtime.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MapReduce worker process: asks the coordinator for tasks and runs them on its own thread
 * (blocking file I/O is fine here: the worker is not a simulated node), and serves its map output
 * to reduce workers over the transport (the network shuffle).
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final String COORDINATOR = Protocol.COORDINATOR;
  private static final int CHUNK_BYTES = 8 << 20;
  private static final int FETCH_TRIES = 3;

  /** How a worker's run ended. */
  public enum Outcome {
    /** The coordinator said the job is done. */
    JOB_DONE,
    /** The coordinator answered earlier but has gone silent: the job is over, or it died. */
    COORDINATOR_GONE,
    /** The coordinator never answered. */
    COORDINATOR_UNREACHABLE
  }

  /**
   * @param coordinatorTimeout how long the coordinator may stay silent before the worker gives up
   * @param fetchTimeout how long one shuffle fetch may take before it counts as failed
   */
  public record Options(
      String coordinator, String listenHost, Path workDir, Duration coordinatorTimeout, Duration fetchTimeout) {}

  private final MapReduceApp app;
  private final KeyGroups mapBuffer;
  private final Options options;
  private final String self;
  private final Transport transport;
  private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
  private final ExecutorService fetchServer;
  private String shuffleAddress;
  private long seq;

  public Worker(MapReduceApp app, Options options) {
    this.app = app;
    this.mapBuffer = new KeyGroups(app);
    this.options = options;
    this.self = "w" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
    this.fetchServer = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "shuffle-server");
      t.setDaemon(true);
      return t;
    });
    AddressBook book = new AddressBook().put(COORDINATOR, options.coordinator());
    // Workers may start before the coordinator listens: retry often, so the first task is not late.
    TransportConfig config = TransportConfig.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(250));
    this.transport = new Transport(self, book, Protocol.register(new MessageTypes()), config, new Transport.Handler() {
      @Override
      public void onMessage(String from, Message m) {
        inbox.add(m);
      }

      @Override
      public CompletableFuture<Message> onRequest(String from, Message m) {
        if (m instanceof Fetch f) {
          return CompletableFuture.supplyAsync(() -> serve(f), fetchServer);
        }
        return CompletableFuture.failedFuture(new IllegalArgumentException("a worker serves only Fetch, got " + m.getClass().getSimpleName()));
      }
    });
  }

  public String id() {
    return self;
  }

  /** Runs tasks until the job is done or the coordinator is gone. */
  public Outcome run() throws IOException, InterruptedException {
    Files.createDirectories(options.workDir());
    InetSocketAddress bound = transport.listen(new InetSocketAddress(options.listenHost(), 0));
    shuffleAddress = options.listenHost() + ":" + bound.getPort();
    long lastHeard = System.nanoTime();
    boolean contacted = false;
    while (true) {
      seq++;
      transport.send(COORDINATOR, new TaskRequest(seq, shuffleAddress));
      Message reply = awaitReply(seq, Duration.ofSeconds(1));
      if (reply == null) {
        if (System.nanoTime() - lastHeard > options.coordinatorTimeout().toNanos()) {
          return contacted ? Outcome.COORDINATOR_GONE : Outcome.COORDINATOR_UNREACHABLE;
        }
        continue;
      }
      lastHeard = System.nanoTime();
      contacted = true;
      if (reply instanceof JobDone) {
        return Outcome.JOB_DONE;
      } else if (reply instanceof Wait) {
        Thread.sleep(10); // the coordinator already held the request for a while: ask again at once
      } else if (reply instanceof MapAssignment a) {
        doMap(a);
      } else if (reply instanceof ReduceAssignment a) {
        doReduce(a);
      }
    }
  }

  private Message awaitReply(long want, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Message m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
      // An assignment answering an earlier request (its answer was slow) is still ours: run it
      // rather than leave the task idle until its timeout. A stale Wait means nothing.
      if (m == null || m instanceof MapAssignment || m instanceof ReduceAssignment || m instanceof JobDone
          || m instanceof Wait w && w.seq() == want) {
        return m;
      }
    }
  }

  private void doMap(MapAssignment a) {
    Path dir = a.sharedDir() != null ? Path.of(a.sharedDir()) : options.workDir();
    try {
      Tasks.runMap(app, mapBuffer, new Tasks.Input(a.name(), Path.of(a.path())), a.task(), a.nReduce(), dir);
    } catch (IOException | RuntimeException e) {
      log.warn("{}: map task {} ({}) failed: {}", self, a.task(), a.name(), e.toString());
      transport.send(COORDINATOR, new TaskFailed(true, a.task(), a.attempt(), e.toString()));
      return;
    }
    transport.send(COORDINATOR, new MapDone(a.task(), a.attempt(), a.sharedDir() != null ? null : shuffleAddress));
  }

  private void doReduce(ReduceAssignment a) throws InterruptedException {
    List<byte[]> partitions = new ArrayList<>(a.locations().size());
    // Fetch everything, so one attempt reports every unreachable worker, not just the first.
    java.util.Map<String, String> unreachable = new java.util.LinkedHashMap<>();
    for (MapLocation loc : a.locations()) {
      if (loc.worker() != null && unreachable.containsKey(loc.worker())) {
        continue;
      }
      try {
        partitions.add(partition(a, loc));
      } catch (IOException e) {
        log.warn("{}: reduce task {} cannot get map output {} from {}: {}", self, a.task(), loc.mapTask(), loc.worker(), e.toString());
        transport.send(COORDINATOR, new FetchFailed(a.task(), loc.mapTask(), loc.worker(), e.toString()));
        unreachable.put(String.valueOf(loc.worker()), e.toString());
      }
    }
    if (!unreachable.isEmpty()) {
      return;
    }
    try {
      Tasks.runReduce(app, a.task(), partitions, Path.of(a.outDir()));
    } catch (IOException | RuntimeException e) {
      log.warn("{}: reduce task {} failed: {}", self, a.task(), e.toString());
      transport.send(COORDINATOR, new TaskFailed(false, a.task(), a.attempt(), e.toString()));
      return;
    }
    transport.send(COORDINATOR, new ReduceDone(a.task(), a.attempt()));
  }

  private byte[] partition(ReduceAssignment a, MapLocation loc) throws IOException, InterruptedException {
    if (a.sharedDir() != null) {
      return Files.readAllBytes(Tasks.intermediate(Path.of(a.sharedDir()), loc.mapTask(), a.task()));
    }
    if (self.equals(loc.worker())) {
      return Files.readAllBytes(Tasks.intermediate(options.workDir(), loc.mapTask(), a.task()));
    }
    transport.addresses().put(loc.worker(), loc.address());
    IOException last = null;
    for (int attempt = 1; attempt <= FETCH_TRIES; attempt++) {
      try {
        return fetch(loc, a.task());
      } catch (IOException e) {
        last = e;
        Thread.sleep(200L * attempt);
      }
    }
    throw last;
  }

  private byte[] fetch(MapLocation loc, int reduceTask) throws IOException, InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long offset = 0;
    while (true) {
      Message m;
      try {
        m = transport.request(loc.worker(), new Fetch(loc.mapTask(), reduceTask, offset, CHUNK_BYTES), options.fetchTimeout()).get();
      } catch (ExecutionException e) {
        throw new IOException("fetch of " + Intermediate.name(loc.mapTask(), reduceTask) + " from " + loc.worker() + " at " + loc.address() + " failed: " + e.getCause().getMessage(), e.getCause());
      }
      if (!(m instanceof Chunk c)) {
        throw new IOException("shuffle peer " + loc.worker() + " answered " + m.getClass().getSimpleName() + " instead of a Chunk");
      }
      out.write(c.data());
      offset += c.data().length;
      if (c.last()) {
        return out.toByteArray();
      }
    }
  }

  private Chunk serve(Fetch f) {
    Path file = Tasks.intermediate(options.workDir(), f.mapTask(), f.reduceTask());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = (int) Math.max(0, Math.min(Math.min(f.maxBytes(), CHUNK_BYTES), size - f.offset()));
      ByteBuffer buf = ByteBuffer.allocate(n);
      while (buf.hasRemaining() && ch.read(buf, f.offset() + buf.position()) > 0) {
        // read until full
      }
      return new Chunk(buf.array(), f.offset() + n >= size);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serve " + file + ": " + e, e);
    }
  }

  @Override
  public void close() {
    transport.close();
    fetchServer.shutdownNow();
  }
}
