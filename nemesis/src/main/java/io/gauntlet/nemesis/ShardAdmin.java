package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What the shard nemesis needs from a sharded cluster: its shard controller's current
 * configuration, and joins, leaves and moves through it.
 */
public interface ShardAdmin {
  /** Every replica group the cluster has, joined or not. */
  List<Integer> groups();

  /** The latest configuration: shard to owning group (0: unassigned). */
  Map<Integer, Integer> owners() throws IOException;

  void join(int gid) throws IOException;

  void leave(int gid) throws IOException;

  void move(int shard, int gid) throws IOException;
}
