package io.gauntlet.control.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for child processes running this same CLI: the same java, the same classpath (the
 * shaded jar, or the test classpath), and the same JVM options (so the GC chosen for the parent is
 * the children's too), minus a debugger agent whose port would clash.
 */
public final class ChildJvm {
  private ChildJvm() {}

  public static List<String> command(List<String> cliArgs) {
    return command(List.of(), cliArgs);
  }

  /**
   * For a process that mostly waits (a coordinator): the C1 compiler only and the serial
   * collector, so that its JIT and GC threads do not take CPU from the workers on a small machine.
   */
  public static final List<String> LIGHT = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  public static List<String> command(List<String> extraJvmOptions, List<String> cliArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      boolean overridden = extraJvmOptions.contains("-XX:+UseSerialGC") && a.matches("-XX:\\+Use\\w+GC");
      if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-javaagent") && !overridden) {
        cmd.add(a);
      }
    }
    cmd.addAll(extraJvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(GauntletCli.class.getName());
    cmd.addAll(cliArgs);
    return cmd;
  }
}
