package io.gauntlet.system.node;

import io.gauntlet.system.runtime.Message;

/**
 * One node's state as {@code admin status} shows it (like {@code etcdctl endpoint status}).
 * Raft fields are 0 / empty for kvsrv.
 *
 * @param raftRole LEADER, FOLLOWER, CANDIDATE or PRE_CANDIDATE; "-" for kvsrv
 * @param logBytes bytes of log records held on disk
 * @param snapshotBytes bytes of the newest snapshot
 */
public record NodeStatus(String id, String role, Integer group, String raftRole, long term, String leader,
    long commit, long applied, long lastIndex, long snapshotIndex, long logBytes, long snapshotBytes,
    long pid, long uptimeMs) implements Message {
  @Override
  public boolean isReply() {
    return true;
  }
}
