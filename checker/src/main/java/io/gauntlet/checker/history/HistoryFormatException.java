package io.gauntlet.checker.history;

/**
 * A history file (or stream) that breaks the format of docs/history-format.md. The message names the
 * source, the line, and what is wrong, e.g. {@code history.jsonl line 812: completion for process
 * 7 has no open invoke (last invoke of 7 completed at line 790)}.
 */
public final class HistoryFormatException extends RuntimeException {
  private final String source;
  private final long line;
  private final String problem;

  public HistoryFormatException(String source, long line, String problem) {
    super(source + " line " + line + ": " + problem);
    this.source = source;
    this.line = line;
    this.problem = problem;
  }

  /** The file (as given by the caller) or stream name. */
  public String source() {
    return source;
  }

  /** 1-based line number of the offending line. */
  public long line() {
    return line;
  }

  /** What is wrong, without the source and line prefix. */
  public String problem() {
    return problem;
  }
}
