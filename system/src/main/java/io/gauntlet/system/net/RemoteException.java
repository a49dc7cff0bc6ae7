package io.gauntlet.system.net;

/** The remote side's request handler failed; the message is the remote's reason. */
public final class RemoteException extends RuntimeException {
  public RemoteException(String message) {
    super(message);
  }
}
