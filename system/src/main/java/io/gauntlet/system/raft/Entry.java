package io.gauntlet.system.raft;

/**
 * A log entry. {@code data} is the service's command; null marks a no-op entry (appended by a new
 * leader when {@link RaftConfig#noopOnElection} is set), which is never handed to the service.
 */
public record Entry(long index, long term, byte[] data) {
  public int sizeBytes() {
    return 16 + (data == null ? 0 : data.length);
  }

  @Override
  public String toString() {
    return index + "@" + term + (data == null ? "(noop)" : "(" + data.length + "B)");
  }
}
