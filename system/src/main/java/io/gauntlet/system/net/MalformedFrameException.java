package io.gauntlet.system.net;

/** A frame that cannot be decoded; the transport closes the connection that sent it. */
public final class MalformedFrameException extends RuntimeException {
  public MalformedFrameException(String message) {
    super(message);
  }

  public MalformedFrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
