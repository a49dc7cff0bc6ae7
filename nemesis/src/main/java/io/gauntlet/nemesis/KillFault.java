package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** kill -9 of the target nodes' servers; healing restarts them from their data. */
public final class KillFault implements Fault {
  private final Targets targets;
  private final List<String> killed = new ArrayList<>();

  public KillFault(Targets targets) {
    this.targets = targets;
  }

  /** Every target, the leader twice (see {@link PartitionFault#all()}). */
  public static List<Fault> all() {
    List<Fault> out = new ArrayList<>();
    for (Targets t : Targets.values()) {
      out.add(new KillFault(t));
    }
    out.add(new KillFault(Targets.LEADER));
    return out;
  }

  @Override
  public String name() {
    return "kill-" + targets.label;
  }

  @Override
  public String family() {
    return "kill";
  }

  @Override
  public String start(NodeShell shell, RandomGenerator random) throws IOException {
    for (String n : Targets.copy(targets.pick(shell, random))) {
      shell.kill(n);
      killed.add(n);
    }
    return "killed " + String.join(" ", killed);
  }

  @Override
  public String stop(NodeShell shell) throws IOException {
    List<String> started = new ArrayList<>(killed);
    for (String n : started) {
      shell.start(n);
    }
    killed.clear();
    return "restarted " + String.join(" ", started);
  }
}
