package io.gauntlet.control.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * An application class-data-sharing archive (AppCDS) for the gauntlet jar: the classes a
 * coordinator, a worker and a sequential run load (picocli, Jackson, Netty, ours), pre-parsed and
 * pre-verified. It halves a worker JVM's start-up CPU (about 1.1 s to 0.6 s on the project
 * machine), which matters when a job has several JVMs on two cores. Built next to the jar as
 * {@code gauntlet.jar.jsa} from short runs of each role, and rebuilt when the jar changes.
 */
final class ClassDataSharing {
  private ClassDataSharing() {}

  /** The archive for the running jar, building it if needed; empty when not running from a jar. */
  static Optional<Path> archive(Path scratch) throws IOException, InterruptedException {
    String cp = System.getProperty("java.class.path");
    Path jar = Path.of(cp);
    if (cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar") || !Files.isRegularFile(jar)) {
      return Optional.empty();
    }
    Path archive = Path.of(cp + ".jsa");
    if (Files.isRegularFile(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
      return Optional.of(archive);
    }
    Files.createDirectories(scratch);
    Path input = Files.writeString(scratch.resolve("cds-input.txt"), "class data sharing training input\n");
    Path seqList = scratch.resolve("cds-seq.lst");
    Path coordList = scratch.resolve("cds-coordinator.lst");
    Path workerList = scratch.resolve("cds-worker.lst");
    run(List.of("-XX:DumpLoadedClassList=" + seqList),
        List.of("mr", "sequential", "--app", "wc", "--out", scratch.resolve("cds-out-seq").toString(), input.toString()));
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    Process coordinator = start(List.of("-XX:DumpLoadedClassList=" + coordList),
        List.of("mr", "coordinator", "--nreduce", "2", "--listen", address, "--out", scratch.resolve("cds-out").toString(), input.toString()));
    run(List.of("-XX:DumpLoadedClassList=" + workerList), List.of("mr", "worker", "--coordinator", address, "--app", "wc"));
    if (!coordinator.waitFor(30, TimeUnit.SECONDS)) {
      coordinator.destroyForcibly();
      throw new IllegalStateException("class-data sharing: the training coordinator did not finish");
    }
    TreeSet<String> classes = new TreeSet<>();
    for (Path list : List.of(seqList, coordList, workerList)) {
      for (String line : Files.readAllLines(list)) {
        if (!line.startsWith("#") && !line.isBlank()) {
          classes.add(line);
        }
      }
    }
    Path all = Files.write(scratch.resolve("cds-classes.lst"), classes);
    Process dump = new ProcessBuilder(java(), "-Xshare:dump", "-XX:SharedClassListFile=" + all,
        "-XX:SharedArchiveFile=" + archive, "-cp", cp)
        .redirectErrorStream(true).redirectOutput(scratch.resolve("cds-dump.log").toFile()).start();
    if (dump.waitFor() != 0 || !Files.isRegularFile(archive)) {
      throw new IllegalStateException("class-data sharing: dumping " + archive + " failed; see " + scratch.resolve("cds-dump.log"));
    }
    return Optional.of(archive);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Process start(List<String> jvm, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(ChildJvm.command(jvm, args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void run(List<String> jvm, List<String> args) throws IOException, InterruptedException {
    Process p = start(jvm, args);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("class-data sharing: training run '" + String.join(" ", args.subList(0, 2)) + "' failed");
    }
  }
}
