package io.gauntlet.system.mapreduce.apps;

import java.security.SecureRandom;

/**
 * The labs' {@code crash}: before each map and reduce, a third of the time the process dies at once
 * (exit 1, no cleanup), a third of the time it stalls for up to 10 s, else it proceeds.
 */
public final class Crash extends NoCrash {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  protected void maybeCrash() {
    int r = RANDOM.nextInt(1000);
    if (r < 330) {
      java.lang.Runtime.getRuntime().halt(1);
    } else if (r < 660) {
      try {
        Thread.sleep(RANDOM.nextInt(10_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
