package io.gauntlet.system.net;

import io.gauntlet.system.runtime.Message;

/** The response to a request whose handler failed on the remote side. */
public record RemoteError(String message) implements Message {}
