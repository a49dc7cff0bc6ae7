package io.gauntlet.system.shardkv;

import io.gauntlet.system.runtime.Message;

/** The new owner of {@code shard} has it installed (configuration {@code num}); the old owner may delete its copy. */
public record DeleteRequest(int num, int shard) implements Message {}
