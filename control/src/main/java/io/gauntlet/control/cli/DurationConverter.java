package io.gauntlet.control.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Parses durations as people write them: {@code 500ms}, {@code 10s}, {@code 2m}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim();
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      } else if (v.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 500ms, 10s or 2m");
  }
}
