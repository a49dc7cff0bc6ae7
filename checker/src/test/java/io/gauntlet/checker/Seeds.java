package io.gauntlet.checker;

/** The seed of a randomized test: {@code -Dgauntlet.seed=S} to replay, else a fresh one. */
public final class Seeds {
  private Seeds() {}

  public static long base() {
    Long fixed = Long.getLong("gauntlet.seed");
    return fixed != null ? fixed : new java.util.SplittableRandom().nextLong();
  }

  /** The note to put in assertion messages. */
  public static String replay(long seed) {
    return "seed " + seed + " (replay with -Dgauntlet.seed=" + seed + ")";
  }
}
