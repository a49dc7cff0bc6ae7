package io.gauntlet.control.testbed;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control process's log of one test, {@code control.log} in its bundle. */
final class ControlLog implements AutoCloseable {
  private final FileAppender<ILoggingEvent> appender;
  private final ch.qos.logback.classic.Logger gauntlet;
  private final Level oldLevel;

  ControlLog(Path file) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(ctx);
    enc.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger{0}: %msg%n");
    enc.start();
    appender = new FileAppender<>();
    appender.setContext(ctx);
    appender.setName("control-" + file);
    appender.setFile(file.toString());
    appender.setEncoder(enc);
    appender.start();
    gauntlet = ctx.getLogger("io.gauntlet");
    oldLevel = gauntlet.getLevel();
    gauntlet.setLevel(Level.INFO);
    gauntlet.addAppender(appender);
    gauntlet.setAdditive(false); // the terminal shows the progress line, the file the details
  }

  static Logger logger() {
    return LoggerFactory.getLogger("io.gauntlet.control.test");
  }

  @Override
  public void close() {
    gauntlet.detachAppender(appender);
    gauntlet.setLevel(oldLevel);
    gauntlet.setAdditive(true);
    appender.stop();
  }
}
