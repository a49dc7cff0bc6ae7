package io.gauntlet.control.remote;

import io.gauntlet.control.cli.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Nodes as child processes of this JVM (same java, same classpath), each command optionally
 * wrapped to run elsewhere on this machine ({@code ip netns exec NS}, which execs the command, so the
 * child's pid is the node's). Files stay where they are.
 */
public final class LocalRunner implements NodeRunner {
  private final Path work;
  private final BiFunction<String, List<String>, List<String>> onNode;

  public LocalRunner(Path work, BiFunction<String, List<String>, List<String>> onNode) {
    this.work = work;
    this.onNode = onNode;
  }

  @Override
  public String runDir(String node) {
    return work.toString();
  }

  @Override
  public void put(String node, Path local, String remote) throws IOException {
    Path to = Path.of(remote);
    if (!to.toAbsolutePath().normalize().equals(local.toAbsolutePath().normalize())) {
      Files.createDirectories(to.getParent());
      Files.copy(local, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public String read(String node, String remote) throws IOException {
    Path p = Path.of(remote);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void get(String node, String remote, Path local) throws IOException {
    if (Files.exists(Path.of(remote))) { // as the interface says: nothing if it does not exist
      put(node, Path.of(remote), local.toString());
    }
  }

  @Override
  public void delete(String node, String remote) throws IOException {
    Path dir = Path.of(remote);
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Override
  public NodeProcess start(String node, List<String> jvmOptions, List<String> cliArgs, String out) throws IOException {
    return exec(node, ChildJvm.command(jvmOptions, cliArgs), out);
  }

  @Override
  public NodeProcess exec(String node, List<String> command, String out) throws IOException {
    List<String> cmd = onNode.apply(node, command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(out).toFile())).start();
    return new NodeProcess() {
      public long pid() {
        return p.pid();
      }

      public boolean isAlive() {
        return p.isAlive();
      }

      public void signal(String name) throws IOException {
        if (name.equals("KILL")) {
          p.destroyForcibly();
        } else if (name.equals("TERM")) {
          p.destroy();
        } else {
          Commands.run(List.of("kill", "-" + name, Long.toString(p.pid())));
        }
      }

      public OptionalInt waitFor(long seconds) throws InterruptedException {
        return p.waitFor(seconds, TimeUnit.SECONDS) ? OptionalInt.of(p.exitValue()) : OptionalInt.empty();
      }
    };
  }

  @Override
  public void close() {}
}
