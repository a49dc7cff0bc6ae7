package io.gauntlet.system.rsm;

/**
 * How a submitted command ended: applied (with the state machine's reply), or not known to be
 * applied because this replica is not (or stopped being) the leader. A client that sees
 * WRONG_LEADER retries elsewhere with the same (client, seq); duplicate detection makes that safe.
 */
public record Outcome(Status status, byte[] reply) {
  public enum Status { OK, WRONG_LEADER }

  public static final Outcome WRONG_LEADER = new Outcome(Status.WRONG_LEADER, null);

  public static Outcome ok(byte[] reply) {
    return new Outcome(Status.OK, reply);
  }

  public boolean ok() {
    return status == Status.OK;
  }
}
