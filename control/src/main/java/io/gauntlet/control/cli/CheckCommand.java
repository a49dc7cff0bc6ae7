package io.gauntlet.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryFormatException;
import io.gauntlet.checker.history.HistoryFiles;
import io.gauntlet.checker.linear.Backends;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityBackend;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.Models;
import io.gauntlet.checker.report.Culprit;
import io.gauntlet.checker.report.LinearHtml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet check FILE...}: decides whether each history is linearizable and prints one line
 * per file, {@code <file> <valid|invalid|unknown> <ms> ms <ops> ops[: why]}, the why being the
 * culprit of an invalid history or the reason for unknown. Files are read as JSONL or EDN (told by
 * content) and checked in parallel, printed in the order given. Exit codes follow Jepsen: 0 all
 * valid, 1 any invalid, 2 any unknown and none invalid, 254 bad arguments, an unreadable or empty
 * history, or an --out that cannot be written (after the verdicts are printed), 255 internal error.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check histories (history.jsonl, or Jepsen's history.edn) for linearizability.",
      "Prints one line per file: <file> <valid|invalid|unknown> <ms> ms <ops> ops[: why], why being"
          + " the call that cannot be linearized (invalid) or the budget that ran out (unknown).",
      "Exit: 0 all valid, 1 any invalid, 2 any unknown (none invalid), 254 bad arguments, a bad or"
          + " empty history file, or an --out that cannot be written; 255 internal error."
    })
final class CheckCommand implements Callable<Integer> {
  static final int EXIT_INVALID = 1;
  static final int EXIT_UNKNOWN = 2;

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "M",
      description = "register, cas-register, kv, versioned-kv or mutex (default: guessed from the"
          + " functions the history uses)")
  String model;

  @Option(names = "--init", paramLabel = "JSON",
      description = "initial value as JSON (default null for registers, \"\" for kv, unlocked mutex)")
  String init;

  @Option(names = "--checker", paramLabel = "NAME", defaultValue = "wgl",
      description = "wgl (built in, default) or knossos")
  String checker;

  @Option(names = "--knossos-jar", paramLabel = "PATH",
      description = "standalone Knossos jar for --checker knossos")
  Path knossosJar;

  @Option(names = "--time-limit", paramLabel = "S", defaultValue = "300",
      description = "seconds per file before giving up with 'unknown' (default ${DEFAULT-VALUE})")
  double timeLimitSeconds;

  @Option(names = "--memory-limit", paramLabel = "MIB",
      description = "MiB the search may use before giving up with 'unknown' (default half the heap)")
  Long memoryMib;

  @Option(names = "--out", paramLabel = "DIR",
      description = "write results.json into DIR, and linear.html drawing the violation when invalid")
  Path out;

  @Option(names = "--format", paramLabel = "F",
      description = "jsonl or edn (Jepsen's history.edn); default: told by each file's content")
  String format;

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "history.jsonl or history.edn files, or directories holding one (a result"
          + " bundle, a Jepsen store directory)")
  List<Path> files;

  /** Made on first use: picocli instantiates every command, and --version need not load Jackson. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** What checking one file came to: a result, or an error message for standard error. */
  private record Outcome(Path file, CheckResult result, long millis, String error) {}

  @Override
  public Integer call() throws Exception {
    JsonNode initJson = parseInit();
    LinearizabilityBackend backend;
    Model fixedModel;
    HistoryFiles.Format fmt;
    try {
      fmt = format == null ? null : HistoryFiles.Format.parse(format);
      backend = Backends.byName(checker, knossosJar);
      fixedModel = model == null ? null : Models.byName(model);
      if (fixedModel != null) {
        fixedModel.initialState(initJson);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!(timeLimitSeconds > 0) || Double.isInfinite(timeLimitSeconds)) {
      throw new ParameterException(spec.commandLine(), "--time-limit must be a positive number of"
          + " seconds, got " + timeLimitSeconds);
    }
    if (memoryMib != null && (memoryMib <= 0 || memoryMib > Long.MAX_VALUE >> 20)) {
      throw new ParameterException(spec.commandLine(), "--memory-limit must be a positive number of"
          + " MiB, got " + memoryMib);
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " exists and is not a"
          + " directory (--out names a directory to write results.json and linear.html into)");
    }
    Budget budget = Budget.defaults().withTimeLimit(Duration.ofMillis((long) (timeLimitSeconds * 1000)));
    if (memoryMib != null) {
      budget = budget.withMemoryBytes(memoryMib << 20);
    }
    // Several files: one per thread, each checked on one thread with its share of the memory
    // budget; one file: its keys in parallel.
    int threads = backend.name().equals("wgl") ? Math.min(files.size(), budget.threads()) : 1;
    Budget perFile = threads > 1 ? budget.withThreads(1).withMemoryBytes(budget.memoryBytes() / threads) : budget;
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    ArrayNode results = Json.MAPPER.createArrayNode();
    boolean anyBad = false;
    Verdict overall = Verdict.VALID;
    int linearDrawn = 0; // invalid files drawn so far: linear.html, then linear-2.html, ...
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "check");
      t.setDaemon(true);
      return t;
    }) : null;
    try {
      List<Callable<Outcome>> tasks = new ArrayList<>();
      List<Future<Outcome>> pending = new ArrayList<>();
      for (Path file : files) {
        Callable<Outcome> task = () -> checkOne(file, fmt, fixedModel, initJson, backend, perFile);
        tasks.add(task);
        if (pool != null) {
          pending.add(pool.submit(task));
        }
      }
      for (int i = 0; i < tasks.size(); i++) {
        // one at a time, each line is printed as soon as its file is checked
        Outcome o = pool != null ? pending.get(i).get() : tasks.get(i).call();
        if (o.error != null) {
          stderr.println("error: " + o.error);
          stderr.flush();
          anyBad = true;
          continue;
        }
        CheckResult r = o.result;
        String why = Culprit.line(r);
        stdout.println(o.file + " " + r.verdict().word() + " " + o.millis + " ms " + r.ops() + " ops"
            + (why == null ? "" : ": " + why));
        stdout.flush();
        overall = overall.and(r.verdict());
        ObjectNode entry = results.addObject();
        entry.put("file", o.file.toString());
        entry.set("valid", r.verdict().json());
        entry.set("linearizability", r.toJson());
        if (out != null && r.violation() != null) {
          try {
            entry.put("linearHtml", LinearHtml.write(r, o.file.toString(), out, linearDrawn++));
          } catch (IOException e) {
            return cannotWrite(stderr, e);
          }
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    if (out != null) {
      try {
        writeResults(overall, results);
      } catch (IOException e) {
        return cannotWrite(stderr, e);
      }
    }
    if (anyBad) {
      return GauntletCli.EXIT_USAGE;
    }
    return switch (overall) {
      case VALID -> 0;
      case INVALID -> EXIT_INVALID;
      case UNKNOWN -> EXIT_UNKNOWN;
    };
  }

  /** The verdicts are printed already; say plainly why --out could not be written. */
  private int cannotWrite(PrintWriter stderr, IOException e) {
    String what = e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way"
        : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    stderr.println("error: cannot write results into --out " + out + " (" + what + ": "
        + (e instanceof java.nio.file.FileSystemException fse ? fse.getFile() : out) + ")");
    return GauntletCli.EXIT_USAGE;
  }

  private static Outcome checkOne(Path file, HistoryFiles.Format fmt, Model fixedModel, JsonNode initJson,
      LinearizabilityBackend backend, Budget budget) throws Exception {
    long start = System.nanoTime();
    try {
      History h = HistoryFiles.read(file, fmt);
      if (h.calls().isEmpty()) {
        return new Outcome(file, null, 0, file + ": no client operations to check (the history is"
            + " empty" + (h.size() > 0 ? " but for " + h.size() + " nemesis events" : "") + ")");
      }
      Model m = fixedModel != null ? fixedModel : inferModel(h);
      CheckResult r = backend.check(h, m, m.initialState(initJson), budget);
      return new Outcome(file, r, (System.nanoTime() - start) / 1_000_000, null);
    } catch (NoSuchFileException e) {
      return new Outcome(file, null, 0, e.getFile() + ": no such file");
    } catch (HistoryFormatException e) {
      return new Outcome(file, null, 0, e.getMessage());
    } catch (IllegalArgumentException e) { // ModelException included
      return new Outcome(file, null, 0, file + ": " + e.getMessage());
    } catch (IOException e) {
      return new Outcome(file, null, 0, file + ": cannot read: " + e.getMessage());
    }
  }

  private JsonNode parseInit() {
    if (init == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(init);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--init must be JSON (e.g. 0, \"x\", null,"
          + " {\"value\":\"a\",\"version\":1}), got: " + init);
    }
  }

  private static Model inferModel(History h) {
    String name = Models.infer(h);
    if (name == null && h.calls().stream().anyMatch(c -> !c.invoke().isNemesis() && c.invoke().f().equals("job"))) {
      throw new IllegalArgumentException("this is a mapreduce test's history (one op per job): its verdict came from "
          + "comparing each job's output with `mr sequential` as the job ended (results.json); there is no model to re-check");
    }
    if (name == null) {
      throw new IllegalArgumentException("cannot tell the model from the functions this history"
          + " uses; pass --model (one of " + String.join(", ", Models.names()) + ")");
    }
    return Models.byName(name);
  }

  private void writeResults(Verdict overall, ArrayNode results) throws IOException {
    Files.createDirectories(out);
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.set("valid", overall.json());
    root.set("checks", results);
    Path tmp = out.resolve("results.json.tmp");
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
    Files.move(tmp, out.resolve("results.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
