package io.gauntlet.system.raft;

/**
 * A confirmed ReadIndex request: once the service has applied through {@code index}, it may answer
 * the read identified by {@code context} linearizably.
 */
public record ReadState(long context, long index) {}
