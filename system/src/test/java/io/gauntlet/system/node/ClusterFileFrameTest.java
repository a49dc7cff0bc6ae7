package io.gauntlet.system.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.net.TransportConfig;
import io.gauntlet.system.raft.RaftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster file's frame limit and snapshot chunk size, and what the nodes make of them. */
class ClusterFileFrameTest {
  static final String NODES = "\"secretFile\": \"s\", \"nodes\": [{\"id\": \"n1\", \"address\": \"127.0.0.1:7001\", \"role\": \"kvraft\"}]";

  static Path write(Path dir, String json) throws Exception {
    Path f = dir.resolve("cluster.json");
    Files.writeString(f, "{" + json + "}");
    Files.writeString(dir.resolve("s"), "0123456789abcdef0123");
    return f;
  }

  @Test
  void aFileWithoutThemGetsTheDefaults(@TempDir Path dir) throws Exception {
    ClusterFile.Loaded c = ClusterFile.load(write(dir, NODES));
    assertEquals(TransportConfig.DEFAULT_MAX_FRAME_BYTES, c.transportConfig().maxFrameBytes());
    RaftConfig cfg = c.spec().raft().toConfig(c.spec().frameLimit());
    assertEquals(1 << 20, cfg.snapshotChunkBytes);
    assertEquals(1 << 20, cfg.maxBytesPerAppend);
  }

  @Test
  void aSmallFrameLimitBoundsChunksAndAppends(@TempDir Path dir) throws Exception {
    ClusterFile.Loaded c = ClusterFile.load(write(dir,
        NODES + ", \"maxFrameBytes\": 262144, \"raft\": {\"snapshotChunkBytes\": 65536}"));
    assertEquals(262144, c.transportConfig().maxFrameBytes());
    RaftConfig cfg = c.spec().raft().toConfig(c.spec().frameLimit());
    assertEquals(65536, cfg.snapshotChunkBytes);
    assertEquals(131072, cfg.maxBytesPerAppend, "an append carries at most half a frame of entries");
  }

  @Test
  void aChunkThatCannotFitAFrameIsRefused(@TempDir Path dir) throws Exception {
    ClusterFileException e = assertThrows(ClusterFileException.class, () -> ClusterFile.load(write(dir,
        NODES + ", \"maxFrameBytes\": 262144, \"raft\": {\"snapshotChunkBytes\": 200000}")));
    assertTrue(e.getMessage().contains("raft.snapshotChunkBytes must be 1024..131072"), e.getMessage());
    e = assertThrows(ClusterFileException.class, () -> ClusterFile.load(write(dir, NODES + ", \"maxFrameBytes\": 4096")));
    assertTrue(e.getMessage().contains("maxFrameBytes must be at least 65536"), e.getMessage());
  }
}
