package io.gauntlet.system.raft.sim;

/** A Raft safety invariant was broken; {@code invariant} names which one. */
public final class InvariantViolation extends RuntimeException {
  private final String invariant;

  public InvariantViolation(String invariant, String detail) {
    super(invariant + ": " + detail);
    this.invariant = invariant;
  }

  public String invariant() {
    return invariant;
  }
}
