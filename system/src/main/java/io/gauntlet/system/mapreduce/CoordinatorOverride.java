package io.gauntlet.system.mapreduce;

import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;

/**
 * A test fixture's replacement for the coordinator of {@code gauntlet mr coordinator}, named by the
 * system property {@code gauntlet.mr.coordinator} (a class with a public no-argument constructor).
 * The test bed's own tests use it to run a deliberately broken coordinator as a real process and
 * show that a mapreduce campaign flags it, as {@code gauntlet.node.factory} does for kv nodes.
 * Never set in production.
 */
public interface CoordinatorOverride {
  String PROPERTY = "gauntlet.mr.coordinator";

  Node create(Runtime runtime, Coordinator.Job job, Coordinator.Listener listener);

  /** The coordinator {@code gauntlet mr coordinator} runs: the real one, or the fixture the property names. */
  static Node coordinator(Runtime runtime, Coordinator.Job job, Coordinator.Listener listener) {
    String fixture = System.getProperty(PROPERTY);
    if (fixture == null) {
      return new Coordinator(runtime, job, listener);
    }
    org.slf4j.LoggerFactory.getLogger(CoordinatorOverride.class)
        .warn("running the test fixture {} instead of the coordinator ({} is set)", fixture, PROPERTY);
    try {
      return ((CoordinatorOverride) Class.forName(fixture).getDeclaredConstructor().newInstance()).create(runtime, job, listener);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("cannot load the coordinator fixture " + fixture + ": " + e, e);
    }
  }
}
