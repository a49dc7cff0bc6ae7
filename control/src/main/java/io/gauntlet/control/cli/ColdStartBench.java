package io.gauntlet.control.cli;

import io.gauntlet.checker.crosscheck.PorcupineProgram;
import io.gauntlet.checker.gen.HistoryGenerator;
import io.gauntlet.checker.history.HistoryWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code gauntlet bench checker --cold}: what a user waits for, start-up included, side by side with
 * Porcupine. Writes {@code files} small histories (kv and cas-register alternately), then times,
 * wall clock, best of {@code runs}: {@code gauntlet --version}; {@code gauntlet check} of all the
 * files in one fresh JVM (as a user types it: through {@code bin/gauntlet}, with its class-data
 * archive, when running from the built jar); and the Porcupine program, which takes one file per
 * process, run over the same files one after another and {@code cores} at a time.
 */
final class ColdStartBench {
  private final PrintWriter out;
  private final int runs;

  ColdStartBench(PrintWriter out, int runs) {
    this.out = out;
    this.runs = runs;
  }

  /** The standard small history {@code i}: its model, and how it is generated. */
  static String model(int i) {
    return i % 2 == 0 ? "kv" : "cas-register";
  }

  static List<Path> write(Path dir, int files, long seed) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String model = model(i);
      HistoryGenerator.Spec spec = HistoryGenerator.Spec.of(model, 4, 100).keys(model.equals("kv") ? 2 : 1)
          .crashRate(0.02);
      Path f = dir.resolve(String.format(Locale.ROOT, "h%03d-%s.jsonl", i, model));
      HistoryWriter.write(f, HistoryGenerator.generate(spec, seed + i));
      out.add(f);
    }
    return out;
  }

  void run(List<Path> files, PorcupineProgram porcupine) throws Exception {
    List<String> gauntlet = launcher();
    // settles a pending build or class-data archive before anything is timed
    exec(concat(gauntlet, List.of("--version")), false);
    out.printf(Locale.ROOT, "cold start: %d histories (kv and cas-register, 4 processes, 100 calls each);"
        + " wall clock, best of %d runs; load average %s%n", files.size(), runs, BenchMrCommand.loadAverage());
    out.printf(Locale.ROOT, "launcher: %s%n", String.join(" ", gauntlet));
    double version = best(() -> exec(concat(gauntlet, List.of("--version")), true));
    out.printf(Locale.ROOT, "%-46s %8.3f s%n", "gauntlet --version", version);
    List<String> check = new ArrayList<>(concat(gauntlet, List.of("check")));
    files.forEach(f -> check.add(f.toString()));
    double ours = best(() -> exec(check, true));
    out.printf(Locale.ROOT, "%-46s %8.3f s%n", "gauntlet check (all files, one JVM)", ours);
    if (porcupine == null) {
      out.println("porcupine: skipped (no binary); no ratio");
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double seq = best(() -> porcupineAll(porcupine, files, 1));
    out.printf(Locale.ROOT, "%-46s %8.3f s%n", "porcupine, a process per file, one at a time", seq);
    double par = best(() -> porcupineAll(porcupine, files, cores));
    out.printf(Locale.ROOT, "%-46s %8.3f s%n", "porcupine, a process per file, " + cores + " at a time", par);
    out.printf(Locale.ROOT, "ratio ours/porcupine: %.2f (one at a time), %.2f (%d at a time); load average %s%n",
        ours / seq, ours / par, cores, BenchMrCommand.loadAverage());
    out.flush();
  }

  /** How a user starts gauntlet: bin/gauntlet beside the built jar, else this JVM's command line. */
  static List<String> launcher() {
    String cp = System.getProperty("java.class.path");
    Path script = RepoRoot.find().resolve("bin/gauntlet");
    if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator) && Files.isExecutable(script)) {
      return List.of(script.toString());
    }
    List<String> cmd = ChildJvm.command(List.of());
    return cmd;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> c = new ArrayList<>(a);
    c.addAll(b);
    return c;
  }

  @FunctionalInterface
  private interface Timed {
    double seconds() throws Exception;
  }

  private double best(Timed t) throws Exception {
    double[] s = new double[runs];
    for (int i = 0; i < runs; i++) {
      s[i] = t.seconds();
    }
    return Arrays.stream(s).min().orElseThrow();
  }

  /** Runs a command to its end; its wall time in seconds. A check may exit 0-2 (a verdict). */
  private static double exec(List<String> cmd, boolean timed) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int code = p.waitFor();
    double s = (System.nanoTime() - t0) / 1e9;
    if (code > 2) {
      throw new IllegalStateException("'" + String.join(" ", cmd.subList(0, Math.min(3, cmd.size())))
          + " ...' exited with " + code);
    }
    return timed ? s : 0;
  }

  private static double porcupineAll(PorcupineProgram porcupine, List<Path> files, int parallel) throws Exception {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<PorcupineProgram.Result>> results = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        String model = model(i);
        Path f = files.get(i);
        results.add(pool.submit(() -> porcupine.check(model, f, null, Duration.ofSeconds(60))));
      }
      for (Future<PorcupineProgram.Result> r : results) {
        r.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - t0) / 1e9;
  }
}
