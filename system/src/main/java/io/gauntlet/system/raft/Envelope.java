package io.gauntlet.system.raft;

/** A message the core wants sent to {@code to}. */
public record Envelope(String to, RaftMessage message) {}
