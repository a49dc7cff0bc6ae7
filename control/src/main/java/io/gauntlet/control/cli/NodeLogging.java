package io.gauntlet.control.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node process logs to one file, a line per event in a fixed shape the test bed can parse:
 * {@code 2026-12-02T17:50:01.123Z INFO  [n1] node: raft role=LEADER term=4 ...}. Times are UTC.
 */
final class NodeLogging {
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [NODE] %logger{0}: %msg%n";

  private NodeLogging() {}

  static void toFile(Path file, String nodeId) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(ctx);
    enc.setPattern(PATTERN.replace("NODE", nodeId));
    enc.start();
    FileAppender<ILoggingEvent> app = new FileAppender<>();
    app.setContext(ctx);
    app.setName("node");
    app.setFile(file.toString());
    app.setAppend(true);
    app.setImmediateFlush(true); // a kill -9 must not lose the lines before it
    app.setEncoder(enc);
    app.start();
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(app);
    ctx.getLogger("io.netty").setLevel(Level.WARN);
  }
}
