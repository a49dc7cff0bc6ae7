package io.gauntlet.system.shardkv;

/** Where a shard stands in a group, for the group's current configuration. */
public enum ShardStatus {
  /** Not this group's, and nothing held. */
  NONE,
  /** This group's and served. */
  SERVING,
  /** This group's in the new configuration, but its data is still with the previous owner: not served. */
  PULLING,
  /** Served (the data arrived), but the previous owner has not yet confirmed it deleted its copy. */
  GCING,
  /** Handed off: kept, frozen and unserved, until the new owner has it and asks to delete it. */
  BEPULLING;

  public boolean served() {
    return this == SERVING || this == GCING;
  }
}
