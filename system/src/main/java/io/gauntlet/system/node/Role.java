package io.gauntlet.system.node;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a node of a cluster file runs. */
public enum Role {
  /** The versioned key/value server (lab 2): one process, in memory, no replication. */
  KVSRV("kvsrv"),
  /** A replica of the linearizable key/value service over Raft (lab 4). */
  KVRAFT("kvraft"),
  /** A replica of the shard controller (lab 5A). */
  SHARDCTRLER("shardctrler"),
  /** A replica of one shard group of the sharded key/value service (lab 5B). */
  SHARDKV("shardkv");

  private final String name;

  Role(String name) {
    this.name = name;
  }

  public String wireName() {
    return name;
  }

  /** Whether the role keeps Raft state on disk. */
  public boolean replicated() {
    return this != KVSRV;
  }

  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.name.equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + s + "' (expected one of " + names() + ")");
  }

  public static String names() {
    return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return name;
  }
}
