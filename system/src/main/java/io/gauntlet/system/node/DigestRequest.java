package io.gauntlet.system.node;

import io.gauntlet.system.runtime.Message;

/**
 * The test bed's request for a replica's state digest (see {@code StateMachine.digest}); answered
 * with a {@link StateDigest}. Separate from {@link StatusRequest} because a digest reads the whole
 * state, which an operator's frequent status calls should not pay for.
 */
public record DigestRequest() implements Message {}
