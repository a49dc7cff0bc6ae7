package io.gauntlet.system.kvraft;

/** What a clerk call returns: the error code and, for Get (and writes), the value and version after it. */
public record KvResult(Err err, String value, long version) {
  public static final KvResult MAYBE = new KvResult(Err.ERR_MAYBE, null, 0);
}
