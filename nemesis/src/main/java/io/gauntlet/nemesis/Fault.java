package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.random.RandomGenerator;

/**
 * One kind of fault. {@link #start} applies it (drawing any choice from the seeded random) and says
 * what it did; {@link #stop} heals exactly what start did. Both are recorded in the history.
 */
public interface Fault {
  /** The precise name, e.g. {@code partition-halves}, {@code kill-leader}. */
  String name();

  /** The family it belongs to ({@code partition}, {@code kill}, ...), the name of its history ops. */
  String family();

  /** Applies the fault; returns what it did, e.g. {@code "isolated n3 from n1 n2 n4 n5"}. */
  String start(NodeShell shell, RandomGenerator random) throws IOException;

  /** Heals what {@link #start} did; returns what it did. Safe to call when nothing is applied. */
  String stop(NodeShell shell) throws IOException;
}
