package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** SIGSTOP of the target nodes' servers (a long GC pause, a stuck VM); healing sends SIGCONT. */
public final class PauseFault implements Fault {
  private final Targets targets;
  private final List<String> paused = new ArrayList<>();

  public PauseFault(Targets targets) {
    this.targets = targets;
  }

  /** Every target, the leader twice (see {@link PartitionFault#all()}). */
  public static List<Fault> all() {
    List<Fault> out = new ArrayList<>();
    for (Targets t : Targets.values()) {
      out.add(new PauseFault(t));
    }
    out.add(new PauseFault(Targets.LEADER));
    return out;
  }

  @Override
  public String name() {
    return "pause-" + targets.label;
  }

  @Override
  public String family() {
    return "pause";
  }

  @Override
  public String start(NodeShell shell, RandomGenerator random) throws IOException {
    for (String n : Targets.copy(targets.pick(shell, random))) {
      shell.pause(n);
      paused.add(n);
    }
    return "paused " + String.join(" ", paused);
  }

  @Override
  public String stop(NodeShell shell) throws IOException {
    List<String> resumed = new ArrayList<>(paused);
    for (String n : resumed) {
      shell.resume(n);
    }
    paused.clear();
    return "resumed " + String.join(" ", resumed);
  }
}
