package io.gauntlet.system.node;

import io.gauntlet.system.runtime.Message;

/** An operator's "how are you?" to one node ({@code admin status}); answered with a {@link NodeStatus}. */
public record StatusRequest() implements Message {}
