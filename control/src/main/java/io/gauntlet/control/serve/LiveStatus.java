package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A running test's progress as its live.json holds it (written each second by the test's progress
 * display): seconds elapsed of the time limit, calls ok / fail / info so far, the active fault and
 * phase, and when it was last written.
 */
public record LiveStatus(double elapsedSeconds, double limitSeconds, long ok, long fail, long info, String fault,
    String phase, boolean finished, long updatedMillis) {

  /** A live.json older than this while not finished means the test process is gone. */
  static final long STALE_MILLIS = 15_000;
  /** After the load phase the history is checked; a check longer than this is taken as dead. */
  static final long CHECK_MILLIS = 30 * 60_000;

  static LiveStatus of(JsonNode j) {
    return new LiveStatus(j.path("elapsed-s").asDouble(), j.path("time-limit-s").asDouble(), j.path("ok").asLong(),
        j.path("fail").asLong(), j.path("info").asLong(), j.path("fault").asText(""), j.path("phase").asText(""),
        j.path("finished").asBoolean(), j.path("updated").asLong());
  }

  /** Whether the writing process is, as far as the file tells, still at work at {@code now}. */
  boolean alive(long now) {
    return now - updatedMillis < (finished ? CHECK_MILLIS : STALE_MILLIS);
  }

  long ops() {
    return ok + fail + info;
  }
}
