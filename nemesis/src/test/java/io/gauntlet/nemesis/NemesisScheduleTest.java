package io.gauntlet.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NemesisScheduleTest {
  /** Records what the nemesis asked of the cluster. */
  static final class FakeShell implements NodeShell {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    public List<String> nodes() {
      return List.of("n1", "n2", "n3", "n4", "n5");
    }

    public String address(String node) {
      return "10.0.0." + node.substring(1);
    }

    public void exec(String node, List<String> command) {
      calls.add(node + " " + String.join(" ", command));
    }

    public boolean canFilterPackets() {
      return true;
    }

    public void kill(String node) {
      calls.add("kill " + node);
    }

    public void start(String node) {
      calls.add("start " + node);
    }

    public void pause(String node) {
      calls.add("pause " + node);
    }

    public void resume(String node) {
      calls.add("resume " + node);
    }

    public Optional<String> leader() {
      return Optional.of("n2");
    }
  }

  static List<String> run(long seed, List<String> names) throws InterruptedException {
    FakeShell shell = new FakeShell();
    List<String> history = new ArrayList<>();
    NemesisSchedule s = new NemesisSchedule(shell, Faults.parse(names, true), 5_000_000L, seed,
        (f, v) -> history.add(f + " " + v), x -> {});
    s.run(System.nanoTime() + 200_000_000L);
    s.healAll();
    return history;
  }

  @Test
  void theSameSeedDrawsTheSameFaultsAndEveryStartIsHealed() throws InterruptedException {
    List<String> a = run(42, List.of("all"));
    List<String> b = run(42, List.of("all"));
    int n = Math.min(a.size(), b.size()) - 2; // the last pair may be cut by the deadline
    assertTrue(n > 6, "too few faults in 200 ms: " + a);
    assertEquals(a.subList(0, n), b.subList(0, n));
    long starts = a.stream().filter(x -> x.startsWith("start-")).count();
    long stops = a.stream().filter(x -> x.startsWith("stop-")).count();
    assertEquals(starts, stops, "every fault started is healed: " + a);
  }

  @Test
  void killLeaderKillsTheLeaderAndRestartsIt() throws InterruptedException {
    FakeShell shell = new FakeShell();
    NemesisSchedule s = new NemesisSchedule(shell, Faults.parse(List.of("kill-leader"), true), 5_000_000L, 1,
        (f, v) -> {}, x -> {});
    s.run(System.nanoTime() + 30_000_000L);
    s.healAll();
    assertTrue(shell.calls.contains("kill n2"), shell.calls.toString());
    assertEquals(shell.calls.stream().filter(c -> c.equals("kill n2")).count(),
        shell.calls.stream().filter(c -> c.equals("start n2")).count(), "every kill is followed by a restart");
  }

  @Test
  void unknownOrUnsupportedNamesAreClearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse(List.of("partitoin"), true));
    assertTrue(e.getMessage().contains("unknown nemesis 'partitoin'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Faults.parse(List.of("partition-halves"), false));
    assertTrue(e.getMessage().contains("needs iptables"), e.getMessage());
    assertEquals(2, Faults.parse(List.of("all"), false).size(), "without iptables: kill and pause");
    e = assertThrows(IllegalArgumentException.class, () -> Faults.parse(List.of("netem"), false));
    assertTrue(e.getMessage().contains("--cluster netns or ssh"), e.getMessage());
    assertTrue(Faults.parse(List.of("all"), true).stream().noneMatch(f -> f.get(0).family().equals("netem")), "netem is not in all");
  }

  @Test
  void netemIsAddedOnTheNodesThatHaveItSaysWhichDoNotAndIsRemovedOnHeal() throws Exception {
    List<String> calls = new ArrayList<>();
    FakeShell base = new FakeShell();
    NodeShell shell = new NodeShell() { // n3's kernel has no sch_netem
      public List<String> nodes() {
        return base.nodes();
      }

      public String address(String node) {
        return base.address(node);
      }

      public void exec(String node, List<String> command) throws java.io.IOException {
        if (node.equals("n3") && String.join(" ", command).contains("netem")) {
          throw new java.io.IOException("'sh -c ...' on n3 exited 2: Error: Specified qdisc kind is unknown.");
        }
        calls.add(node + " " + String.join(" ", command));
      }

      public boolean canFilterPackets() {
        return true;
      }

      public void kill(String node) {}

      public void start(String node) {}

      public void pause(String node) {}

      public void resume(String node) {}

      public Optional<String> leader() {
        return Optional.empty();
      }
    };
    NetemFault f = new NetemFault();
    String started = f.start(shell, new java.util.Random(0));
    for (long seed = 1; seed < 50 && !started.contains("n3"); seed++) { // a draw that reaches n3
      f.stop(shell);
      started = f.start(shell, new java.util.Random(seed));
    }
    assertTrue(started.matches("netem delay \\d+ms \\d+ms( loss \\d+%)? on .*"), started);
    assertTrue(started.contains("netem not available on n3 (Error: Specified qdisc kind is unknown.)"), started);
    assertTrue(calls.stream().anyMatch(c -> c.contains("tc qdisc replace dev \"$dev\" root netem delay")), calls.toString());
    calls.clear();
    String stopped = f.stop(shell);
    assertTrue(stopped.startsWith("healed ") && !stopped.contains("n3"), stopped);
    assertTrue(!calls.isEmpty() && calls.stream().allMatch(c -> c.contains("tc qdisc del dev")), calls.toString());
  }
}
