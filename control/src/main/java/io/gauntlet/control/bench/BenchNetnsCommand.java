package io.gauntlet.control.bench;

import io.gauntlet.control.remote.NetnsHosts;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gauntlet bench netns}: how long a netns cluster takes to set up and tear down (root). */
@Command(name = "netns", mixinStandardHelpOptions = true,
    description = "Time the setup and teardown of a network-namespace cluster (no nodes started).")
public final class BenchNetnsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "5", description = "namespaces (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--repeat", defaultValue = "5", description = "rounds (default ${DEFAULT-VALUE})")
  int repeat;

  @Override
  public Integer call() throws Exception {
    String missing = NetnsHosts.missing();
    if (missing != null) {
      spec.commandLine().getErr().println("error: " + missing);
      return 1;
    }
    if (nodes < 1 || nodes > 200 || repeat < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1..200 and --repeat positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    double[] up = new double[repeat];
    double[] down = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t = System.nanoTime();
      NetnsHosts h = NetnsHosts.create(nodes);
      up[i] = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      h.close();
      down[i] = (System.nanoTime() - t) / 1e6;
      out.printf("round %d: setup %.0f ms, teardown %.0f ms%n", i + 1, up[i], down[i]);
    }
    Arrays.sort(up);
    Arrays.sort(down);
    out.printf("%d namespaces: median setup %.0f ms, teardown %.0f ms, total %.0f ms (goal: under 2000 ms)%n",
        nodes, up[repeat / 2], down[repeat / 2], up[repeat / 2] + down[repeat / 2]);
    out.flush();
    return 0;
  }
}
