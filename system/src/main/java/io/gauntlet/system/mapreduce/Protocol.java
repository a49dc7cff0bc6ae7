package io.gauntlet.system.mapreduce;

import io.gauntlet.system.net.MessageTypes;
import io.gauntlet.system.runtime.Message;
import java.util.List;

/**
 * The messages between MapReduce workers and the coordinator, and between workers (the shuffle).
 * Worker-coordinator traffic is one-way messages (the coordinator is a deterministic node over a
 * {@code Runtime}); an assignment echoes the {@code seq} of the request it answers so a worker can
 * drop stale answers. The shuffle uses the transport's request/response.
 */
public final class Protocol {
  private Protocol() {}

  /** The coordinator's node id. */
  public static final String COORDINATOR = "coordinator";

  /** Worker asks for work; {@code shuffleAddress} is where it serves its map output (null in shared-dir mode). */
  public record TaskRequest(long seq, String shuffleAddress) implements Message {}

  public record MapAssignment(long seq, int task, int attempt, String name, String path, int nReduce, String sharedDir)
      implements Message {}

  /** Where map task {@code mapTask}'s output lives: a worker id and its shuffle address (null if in the shared dir). */
  public record MapLocation(int mapTask, String worker, String address) {}

  public record ReduceAssignment(
      long seq, int task, int attempt, String outDir, String sharedDir, List<MapLocation> locations) implements Message {}

  /** No task became free while the coordinator held the request (long poll); ask again. */
  public record Wait(long seq) implements Message {}

  /** The job is finished (or failed); the worker exits. */
  public record JobDone(long seq) implements Message {}

  public record MapDone(int task, int attempt, String shuffleAddress) implements Message {}

  public record ReduceDone(int task, int attempt) implements Message {}

  /** A task threw (bad input, app bug): the coordinator retries it a few times, then fails the job. */
  public record TaskFailed(boolean map, int task, int attempt, String reason) implements Message {}

  /** A reduce task could not fetch map task {@code mapTask}'s output from {@code worker}. */
  public record FetchFailed(int reduceTask, int mapTask, String worker, String reason) implements Message {}

  /** Shuffle request: bytes of {@code mr-<mapTask>-<reduceTask>} from {@code offset}, at most {@code maxBytes}. */
  public record Fetch(int mapTask, int reduceTask, long offset, int maxBytes) implements Message {}

  public record Chunk(byte[] data, boolean last) implements Message {
    @Override
    public int sizeBytes() {
      return 32 + data.length;
    }
  }

  public static MessageTypes register(MessageTypes types) {
    for (Class<? extends Message> c : List.of(
        TaskRequest.class, MapAssignment.class, ReduceAssignment.class, Wait.class, JobDone.class, MapDone.class,
        ReduceDone.class, TaskFailed.class, FetchFailed.class, Fetch.class, Chunk.class)) {
      types.register("mr." + c.getSimpleName(), c);
    }
    return types;
  }
}
