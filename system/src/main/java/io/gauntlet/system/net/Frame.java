package io.gauntlet.system.net;

import io.gauntlet.system.runtime.Message;

/**
 * One decoded frame: who sent it, what kind it is, the correlation id of a request or response
 * (0 for one-way messages), and the message.
 */
record Frame(Kind kind, long correlation, String from, Message body) {
  enum Kind {
    ONE_WAY,
    REQUEST,
    RESPONSE;

    static Kind of(int code) {
      if (code < 0 || code >= values().length) {
        throw new MalformedFrameException("unknown frame kind " + code);
      }
      return values()[code];
    }
  }
}
