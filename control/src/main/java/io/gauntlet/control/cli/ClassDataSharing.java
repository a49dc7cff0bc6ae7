package io.gauntlet.control.cli;

import io.gauntlet.checker.gen.Anomaly;
import io.gauntlet.checker.gen.HistoryGenerator;
import io.gauntlet.checker.history.EdnWriter;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * An application class-data-sharing archive (AppCDS) for the gauntlet jar: the classes every
 * command loads (picocli's model, Jackson, edn-java, the checker and its models, the report
 * drawing, the simulator, Raft and the services, Netty for MapReduce), pre-parsed and pre-verified,
 * so that each JVM the CLI starts skips most of its class loading: {@code gauntlet --version} and a
 * small {@code check} start in about two thirds of the time, and a MapReduce worker's start-up CPU
 * halves. Built as {@code gauntlet.jar.jsa} next to the jar from short training runs of each
 * command, by {@code bin/gauntlet} right after it builds the jar (and by {@code bench mr}); a jar
 * newer than its archive makes it stale, and it is rebuilt.
 */
final class ClassDataSharing {
  private ClassDataSharing() {}

  /**
   * Builds the archive of the jar this runs from ({@code bin/gauntlet} calls this after a build).
   * Prints the archive's path; exit 0 on success, 1 when it could not be built (the CLI then
   * simply runs without it).
   */
  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory("gauntlet-cds-");
    try {
      Optional<Path> archive = archive(scratch);
      System.out.println(archive.map(Path::toString).orElse("not running from a jar: no archive"));
      System.exit(archive.isPresent() ? 0 : 1);
    } catch (IOException | RuntimeException e) {
      System.err.println("class-data sharing: " + e.getMessage());
      System.exit(1);
    } finally {
      BenchMrCommand.deleteTree(scratch);
    }
  }

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
    List<Path> lists = new ArrayList<>();
    train(scratch, lists);
    TreeSet<String> classes = new TreeSet<>();
    for (Path list : lists) {
      for (String line : Files.readAllLines(list)) {
        if (!line.startsWith("#") && !line.isBlank()) {
          classes.add(line);
        }
      }
    }
    Path all = Files.write(scratch.resolve("cds-classes.lst"), classes);
    // dump into a temporary name first: a JVM starting meanwhile never maps a half-written archive
    Path tmp = Path.of(cp + ".jsa." + ProcessHandle.current().pid() + ".tmp");
    Process dump = new ProcessBuilder(java(), "-Xshare:dump", "-XX:SharedClassListFile=" + all,
        "-XX:SharedArchiveFile=" + tmp, "-cp", cp)
        .redirectErrorStream(true).redirectOutput(scratch.resolve("cds-dump.log").toFile()).start();
    if (dump.waitFor() != 0 || !Files.isRegularFile(tmp)) {
      Files.deleteIfExists(tmp);
      throw new IllegalStateException("class-data sharing: dumping " + archive + " failed; see " + scratch.resolve("cds-dump.log"));
    }
    Files.move(tmp, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return Optional.of(archive);
  }

  /** Short runs of each command, each recording the classes it loaded into a list in {@code lists}. */
  private static void train(Path scratch, List<Path> lists) throws IOException, InterruptedException {
    Path input = Files.writeString(scratch.resolve("cds-input.txt"), "class data sharing training input\n");
    List<String> histories = new ArrayList<>();
    int seed = 1;
    for (String model : List.of("kv", "cas-register", "register", "versioned-kv", "mutex")) {
      History h = HistoryGenerator.generate(HistoryGenerator.Spec.of(model, 4, 200).keys(2).crashRate(0.05)
          .anomaly(seed % 2 == 0 ? Anomaly.STALE_READ : Anomaly.NONE, 0.05), seed++);
      Path file = scratch.resolve("cds-" + model + ".jsonl");
      HistoryWriter.write(file, h);
      histories.add(file.toString());
    }
    Path edn = scratch.resolve("cds-history.edn");
    try (Writer w = Files.newBufferedWriter(edn)) {
      EdnWriter.write(HistoryGenerator.generate(HistoryGenerator.Spec.of("cas-register", 3, 100), 7), w, true);
    }
    List<String> check = new ArrayList<>(List.of("check", "--out", scratch.resolve("cds-check").toString()));
    check.addAll(histories);
    run(scratch, lists, List.of("--version"));
    run(scratch, lists, check);
    run(scratch, lists, List.of("check", edn.toString()));
    run(scratch, lists, List.of("edn", histories.get(0), "--out", scratch.resolve("cds-out.edn").toString()));
    run(scratch, lists, List.of("report", histories.get(0), "--out", scratch.resolve("cds-report").toString()));
    run(scratch, lists, List.of("sim", "raft", "--seeds", "2"));
    run(scratch, lists, List.of("sim", "kvraft", "--seeds", "1", "--out", scratch.resolve("cds-kv").toString()));
    run(scratch, lists, List.of("sim", "shardkv", "--seeds", "1", "--out", scratch.resolve("cds-skv").toString()));
    run(scratch, lists, List.of("mr", "sequential", "--app", "wc", "--out",
        scratch.resolve("cds-out-seq").toString(), input.toString()));
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    Path coordList = scratch.resolve("cds-coordinator.lst");
    Process coordinator = start(List.of("-XX:DumpLoadedClassList=" + coordList),
        List.of("mr", "coordinator", "--nreduce", "2", "--listen", address, "--out", scratch.resolve("cds-out").toString(), input.toString()));
    lists.add(coordList);
    run(scratch, lists, List.of("mr", "worker", "--coordinator", address, "--app", "wc"));
    if (!coordinator.waitFor(30, TimeUnit.SECONDS)) {
      coordinator.destroyForcibly();
      throw new IllegalStateException("class-data sharing: the training coordinator did not finish");
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Process start(List<String> jvm, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(ChildJvm.command(jvm, args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Runs one training command, its class list added to {@code lists}; a check's exit 1 or 2 is fine. */
  private static void run(Path scratch, List<Path> lists, List<String> args)
      throws IOException, InterruptedException {
    Path list = scratch.resolve("cds-" + lists.size() + ".lst");
    Process p = start(List.of("-XX:DumpLoadedClassList=" + list), args);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() > 2) {
      p.destroyForcibly();
      throw new IllegalStateException("class-data sharing: training run '" + String.join(" ", args) + "' failed");
    }
    lists.add(list);
  }
}
