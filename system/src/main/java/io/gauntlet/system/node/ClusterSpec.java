package io.gauntlet.system.node;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.gauntlet.system.net.TransportConfig;
import io.gauntlet.system.raft.RaftConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cluster file: every node's id, address and role, the Raft settings, and where the cluster
 * secret is. Read and validated by {@link ClusterFile}; the daemon, the clients and the operator
 * commands all work from it.
 *
 * @param name a label for logs and status output
 * @param secretFile the cluster secret, relative to the cluster file's folder unless absolute
 * @param nShards shards of the sharded service
 * @param raft Raft timing and snapshot settings
 * @param nodes every node
 * @param maxFrameBytes the largest frame any node or client of the cluster sends or accepts
 *     (default 64 MiB); Raft's appends and snapshot chunks are kept well under it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSpec(String name, String secretFile, Integer nShards, RaftSettings raft, List<NodeSpec> nodes,
    Integer maxFrameBytes) {
  @JsonCreator
  public ClusterSpec {}

  /** A cluster with the default frame limit. */
  public ClusterSpec(String name, String secretFile, Integer nShards, RaftSettings raft, List<NodeSpec> nodes) {
    this(name, secretFile, nShards, raft, nodes, null);
  }

  /** The frame limit: the configured one, or the transport's default. */
  public int frameLimit() {
    return maxFrameBytes == null ? TransportConfig.DEFAULT_MAX_FRAME_BYTES : maxFrameBytes;
  }

  /**
   * @param id the node id peers and clients address it by
   * @param address HOST:PORT it listens on (a specific address; 0.0.0.0 only if asked for)
   * @param role kvsrv, kvraft, shardctrler or shardkv
   * @param group the shard group id (shardkv only, positive)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeSpec(String id, String address, String role, Integer group) {
    public Role roleValue() {
      return Role.parse(role);
    }
  }

  /**
   * Raft settings, the same for every replica.
   *
   * @param tickMs one tick of Raft's clock
   * @param heartbeatTicks a leader heartbeats every this many ticks
   * @param electionTicks base election timeout in ticks (each node draws from [e, 2e))
   * @param maxRaftState snapshot once the persisted Raft state passes this many bytes (-1 never)
   * @param shardStepMs how often a shard group's leader polls the controller
   * @param snapshotChunkBytes InstallSnapshot sends snapshots in chunks of at most this many bytes
   *     (at most half the frame limit)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RaftSettings(Integer tickMs, Integer heartbeatTicks, Integer electionTicks, Long maxRaftState,
      Integer shardStepMs, Integer snapshotChunkBytes) {
    @JsonCreator
    public RaftSettings {}

    /** Settings with the default snapshot chunk size. */
    public RaftSettings(Integer tickMs, Integer heartbeatTicks, Integer electionTicks, Long maxRaftState,
        Integer shardStepMs) {
      this(tickMs, heartbeatTicks, electionTicks, maxRaftState, shardStepMs, null);
    }

    public static RaftSettings defaults() {
      return new RaftSettings(10, 5, 20, 1L << 20, 100, new RaftConfig().snapshotChunkBytes);
    }

    /**
     * Raft's configuration for a cluster whose frames are at most {@code maxFrameBytes}: an append
     * carries at most half a frame of entries (one entry bigger than that still goes alone).
     */
    public RaftConfig toConfig(int maxFrameBytes) {
      RaftConfig c = new RaftConfig();
      c.tickNanos = tickMs * 1_000_000L;
      c.heartbeatTicks = heartbeatTicks;
      c.electionTicks = electionTicks;
      c.snapshotChunkBytes = snapshotChunkBytes;
      c.maxBytesPerAppend = Math.min(c.maxBytesPerAppend, maxFrameBytes / 2);
      return c;
    }
  }

  public int shards() {
    return nShards == null ? 10 : nShards;
  }

  public Optional<NodeSpec> node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  /** Ids of the nodes with {@code role}, in file order. */
  public List<String> members(Role role) {
    List<String> out = new ArrayList<>();
    for (NodeSpec n : nodes) {
      if (n.roleValue() == role) {
        out.add(n.id());
      }
    }
    return out;
  }

  /** The shard groups: gid to its replicas, in file order. */
  public Map<Integer, List<String>> groups() {
    Map<Integer, List<String>> out = new TreeMap<>();
    for (NodeSpec n : nodes) {
      if (n.roleValue() == Role.SHARDKV) {
        out.computeIfAbsent(n.group(), g -> new ArrayList<>()).add(n.id());
      }
    }
    return out;
  }

  /** The Raft peers of {@code id}: its role's members (its group's, for shardkv). */
  public List<String> peersOf(NodeSpec n) {
    if (n.roleValue() == Role.SHARDKV) {
      return groups().get(n.group());
    }
    return members(n.roleValue());
  }

  /** id to HOST:PORT of every node. */
  public Map<String, String> addresses() {
    Map<String, String> out = new LinkedHashMap<>();
    for (NodeSpec n : nodes) {
      out.put(n.id(), n.address());
    }
    return out;
  }

  /** The service a client of this cluster talks to. */
  public Role service() {
    if (!members(Role.SHARDKV).isEmpty() || !members(Role.SHARDCTRLER).isEmpty()) {
      return Role.SHARDKV;
    }
    if (!members(Role.KVRAFT).isEmpty()) {
      return Role.KVRAFT;
    }
    return Role.KVSRV;
  }
}
