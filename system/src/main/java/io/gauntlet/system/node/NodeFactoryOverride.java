package io.gauntlet.system.node;

import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;

/**
 * A test fixture's replacement for a node's role, named by the system property
 * {@code gauntlet.node.factory} (a class with a public no-argument constructor). The test bed's own
 * tests use it to run deliberately broken servers (for example one that serves stale reads) as real
 * processes, and show that a campaign flags them. Never set in production.
 */
public interface NodeFactoryOverride {
  String PROPERTY = "gauntlet.node.factory";

  Node create(Runtime runtime, ClusterSpec cluster, ClusterSpec.NodeSpec node);
}
