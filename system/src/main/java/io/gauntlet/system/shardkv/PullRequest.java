package io.gauntlet.system.shardkv;

import io.gauntlet.system.runtime.Message;

/** A new owner asks the previous owner for {@code shard} as it stood when configuration {@code num} began. */
public record PullRequest(int num, int shard) implements Message {}
