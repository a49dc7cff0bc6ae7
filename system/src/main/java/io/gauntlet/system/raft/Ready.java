package io.gauntlet.system.raft;

import java.util.List;

/**
 * What the driver must do now, in this order: persist {@code hardState} (if not null), {@code
 * snapshot} (if not null) and {@code entries} (each overwrites any entry at its index and after);
 * if {@code mustSync}, wait for fsync; then send {@code messages}, hand {@code snapshotToApply} and
 * then {@code committed} to the service, answer {@code readStates} and fail {@code failedReads};
 * then call {@link RaftCore#advance}.
 */
public record Ready(
    HardState hardState,
    Snapshot snapshot,
    List<Entry> entries,
    boolean mustSync,
    List<Envelope> messages,
    Snapshot snapshotToApply,
    List<Entry> committed,
    List<ReadState> readStates,
    List<Long> failedReads) {}
