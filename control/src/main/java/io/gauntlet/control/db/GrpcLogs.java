package io.gauntlet.control.db;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * jetcd's gRPC logs through java.util.logging, straight to the console, which would break into the
 * progress line (an INFO about epoll at start-up). Only its warnings and errors are shown.
 */
public final class GrpcLogs {
  // JUL holds loggers weakly: keep the configured one alive.
  private static final Logger GRPC = Logger.getLogger("io.grpc");

  private GrpcLogs() {}

  public static void quiet() {
    GRPC.setLevel(Level.WARNING);
  }
}
