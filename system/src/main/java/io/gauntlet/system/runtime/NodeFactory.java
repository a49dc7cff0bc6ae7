package io.gauntlet.system.runtime;

/** Builds a node over a runtime; called again on every restart. */
@FunctionalInterface
public interface NodeFactory {
  Node create(Runtime runtime);
}
