package io.gauntlet.control.cli;

import io.gauntlet.system.mapreduce.Corpus;
import io.gauntlet.system.mapreduce.Outputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet bench mr}: throughput of {@code mr run} against {@code mr sequential} on the same
 * generated corpus, each a fresh process (JVM startup included), outputs checked equal.
 */
@Command(name = "mr", mixinStandardHelpOptions = true,
    description = "MB/s of 'mr run' vs 'mr sequential' (word count) on a generated corpus, as a ratio.")
final class BenchMrCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--mb", defaultValue = "200", description = "corpus size in MB (default ${DEFAULT-VALUE})")
  int mb;

  @Option(names = "--workers", defaultValue = "2", description = "workers for 'mr run' (default ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--files", defaultValue = "16", description = "input files (map tasks) (default ${DEFAULT-VALUE})")
  int fileCount;

  @Option(names = "--nreduce", defaultValue = "10", description = "reduce tasks (default ${DEFAULT-VALUE})")
  int nReduce;

  @Option(names = "--app", defaultValue = "wc", description = "app (default ${DEFAULT-VALUE})")
  String app;

  @Option(names = "--repeat", defaultValue = "1", description = "runs of each, alternating; the best is reported (default ${DEFAULT-VALUE})")
  int repeat;

  @Option(names = "--seed", defaultValue = "1", description = "corpus seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--dir", description = "working directory (default: a new temp dir)")
  Path dir;

  @Option(names = "--cds", defaultValue = "true", negatable = true,
      description = "use an AppCDS archive of the jar for every JVM, sequential and parallel alike (default ${DEFAULT-VALUE})")
  boolean cds;

  @Option(names = "--spark", description = "also run the same word count on Spark local[2] (needs python3 with pyspark)")
  boolean spark;

  @Option(names = "--python", defaultValue = "python3", description = "the Python with pyspark, for --spark (default ${DEFAULT-VALUE})")
  String python;

  private List<String> jvm = List.of();

  @Override
  public Integer call() throws Exception {
    MrArgs.positive(spec, "--mb", mb);
    MrArgs.positive(spec, "--files", fileCount);
    MrArgs.positive(spec, "--repeat", repeat);
    MrArgs.positive(spec, "--workers", workers);
    MrArgs.positive(spec, "--nreduce", nReduce);
    MrArgs.app(spec, app);
    PrintWriter out = spec.commandLine().getOut();
    if (spark) {
      String missing = sparkMissing(python);
      if (missing != null) { // before minutes of benchmark, not after
        spec.commandLine().getErr().println("error: --spark needs PySpark: " + missing
            + " (pip install pyspark==3.5.3, or --python PATH for a Python that has it)");
        return GauntletCli.EXIT_USAGE;
      }
    }
    // A temp folder of our own (the corpus alone is --mb MB, the outputs as much again) is removed
    // when the benchmark succeeds; kept, and named, when something failed, for a look at the logs.
    Path work = dir != null ? dir : Files.createTempDirectory("gauntlet-bench-mr-");
    boolean ok = false;
    try {
      int code = run(work, out);
      ok = code == 0;
      return code;
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    } finally {
      if (dir == null) {
        if (ok) {
          deleteTree(work);
        } else {
          spec.commandLine().getErr().println("kept the working folder for a look: " + work);
        }
      }
    }
  }

  /** Why {@code python} cannot run PySpark, or null when it can. */
  static String sparkMissing(String python) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(python, "-c", "import pyspark").redirectErrorStream(true).start();
      String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "'" + python + " -c \"import pyspark\"' did not finish in 60 s";
      }
      if (p.exitValue() != 0) {
        String last = said.isEmpty() ? "exit " + p.exitValue() : said.substring(said.lastIndexOf('\n') + 1);
        return "'" + python + " -c \"import pyspark\"' failed: " + last;
      }
      return null;
    } catch (IOException e) {
      return "cannot run '" + python + "': " + e.getMessage();
    }
  }

  /** Deletes {@code root} and everything under it. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private int run(Path work, PrintWriter out) throws Exception {
    long t0 = System.nanoTime();
    List<Path> files = Corpus.generate(work.resolve("corpus"), fileCount, (long) mb * 1_000_000, seed);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    double megabytes = bytes / 1e6;
    out.printf("corpus: %.1f MB in %d files (seed %d) at %s, generated in %.1f s%n", megabytes, files.size(), seed, work, (System.nanoTime() - t0) / 1e9);
    if (cds) {
      java.util.Optional<Path> archive = ClassDataSharing.archive(work.resolve("cds"));
      if (archive.isPresent()) {
        jvm = List.of("-XX:SharedArchiveFile=" + archive.get());
      } else {
        out.println("class-data sharing: not running from a jar; off");
      }
    }
    List<String> options = new ArrayList<>(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    options.addAll(jvm);
    out.printf("jvm options for every process: %s%n", String.join(" ", options));
    out.flush();
    double bestSeq = Double.MAX_VALUE;
    double bestRun = Double.MAX_VALUE;
    double seqCpu = 0;
    double runCpu = 0;
    for (int i = 0; i < repeat; i++) {
      List<String> seqArgs = new ArrayList<>(List.of("mr", "sequential", "--app", app, "--out", work.resolve("seq").toString()));
      List<String> runArgs = new ArrayList<>(List.of("mr", "run", "--app", app, "--workers", Integer.toString(workers),
          "--nreduce", Integer.toString(nReduce), "--out", work.resolve("run").toString()));
      for (Path f : files) {
        seqArgs.add(f.toString());
        runArgs.add(f.toString());
      }
      clean(work.resolve("run"));
      double cpu0 = childrenCpuSeconds();
      double seq = timed(seqArgs, work.resolve("seq.log"));
      double cpu1 = childrenCpuSeconds();
      double run = timed(runArgs, work.resolve("run.log"));
      double cpu2 = childrenCpuSeconds();
      seqCpu += cpu1 - cpu0;
      runCpu += cpu2 - cpu1;
      out.printf("run %d: mr sequential %.2f s (%.1f MB/s, %.1f cpu-s), mr run --workers %d %.2f s (%.1f MB/s, %.1f cpu-s); load average %s%n",
          i + 1, seq, megabytes / seq, cpu1 - cpu0, workers, run, megabytes / run, cpu2 - cpu1, loadAverage());
      out.flush();
      bestSeq = Math.min(bestSeq, seq);
      bestRun = Math.min(bestRun, run);
    }
    if (!Outputs.sortedLines(work.resolve("seq")).equals(Outputs.sortedLines(work.resolve("run")))) {
      spec.commandLine().getErr().println("error: mr run's output differs from mr sequential's (see " + work + ")");
      return 1;
    }
    out.printf("outputs equal (%d lines)%n", Outputs.sortedLines(work.resolve("seq")).size());
    out.printf("mr sequential: %.1f MB/s%nmr run (%d workers): %.1f MB/s%nratio: %.2fx%n",
        megabytes / bestSeq, workers, megabytes / bestRun, bestSeq / bestRun);
    if (spark) {
      double bestSpark = sparkRuns(work, files, out);
      out.printf("spark local[2]: %.1f MB/s%nmr run / spark: %.2fx%n", megabytes / bestSpark, bestSpark / bestRun);
    }
    if (seqCpu > 0) {
      // CPU seconds (user + system, all processes) do not depend on what else runs on the machine;
      // wall-clock figures do, so the two together say whether a low ratio is load or overhead.
      out.printf("cpu per run: mr sequential %.1f s, mr run %.1f s (%.2fx the sequential CPU)%n",
          seqCpu / repeat, runCpu / repeat, runCpu / seqCpu);
    }
    out.flush();
    return 0;
  }

  /** Runs the PySpark word count {@code repeat} times; checks its output; returns the best seconds. */
  private double sparkRuns(Path work, List<Path> files, PrintWriter out) throws IOException, InterruptedException {
    Path script = work.resolve("spark_wc.py");
    try (var in = BenchMrCommand.class.getResourceAsStream("/bench/spark_wc.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path sparkDir = Files.createDirectories(work.resolve("spark"));
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeat; i++) {
      List<String> cmd = new ArrayList<>(List.of(python, script.toString(), sparkDir.toString()));
      files.forEach(f -> cmd.add(f.toString()));
      long start = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("spark.log").toFile()).start();
      int code = p.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (code != 0) {
        throw new IllegalStateException("the Spark word count exited with " + code + " (is pyspark installed for "
            + python + "? pip install pyspark==3.5.3); see " + work.resolve("spark.log"));
      }
      // Wall clock only: Spark's JVM is not a child this process reaps, so its CPU is not counted here.
      out.printf("spark run %d: %.2f s; load average %s%n", i + 1, seconds, loadAverage());
      out.flush();
      best = Math.min(best, seconds);
    }
    boolean same = Outputs.sortedLines(sparkDir).equals(Outputs.sortedLines(work.resolve("seq")));
    out.println(same ? "spark output equal" : "warning: spark's word counts differ from mr sequential's (see " + sparkDir + ")");
    return best;
  }

  private static void clean(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var s = Files.newDirectoryStream(dir)) {
        for (Path p : s) {
          Files.delete(p);
        }
      }
    }
  }

  /** CPU seconds of every reaped descendant (Linux {@code /proc/self/stat} cutime + cstime), or 0 elsewhere. */
  private static double childrenCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ", field 3 (state) is f[0]; cutime and cstime are fields 16 and 17
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private double timed(List<String> args, Path log) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(ChildJvm.command(jvm, args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int code = p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("'" + String.join(" ", args.subList(0, 2)) + "' exited with " + code + "; see " + log);
    }
    return seconds;
  }
}
