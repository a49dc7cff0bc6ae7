package io.gauntlet.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryFormatException;
import io.gauntlet.checker.history.HistoryReader;
import io.gauntlet.checker.linear.Backends;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityBackend;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.ModelException;
import io.gauntlet.checker.model.Models;
import io.gauntlet.checker.report.LinearHtml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet check FILE...}: decides whether each history is linearizable and prints one line
 * per file, {@code <file> <valid|invalid|unknown> <ms> ms <ops> ops [cause]}. Exit codes follow
 * Jepsen: 0 all valid, 1 any invalid, 2 any unknown and none invalid, 254 bad arguments or an
 * unreadable history, 255 internal error.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check histories (history.jsonl) for linearizability.",
      "Prints one line per file: <file> <valid|invalid|unknown> <ms> ms <ops> ops [cause].",
      "Exit: 0 all valid, 1 any invalid, 2 any unknown (none invalid), 254 bad arguments or bad"
          + " history file, 255 internal error."
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

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "history.jsonl files, or result bundle directories (their history.jsonl)")
  List<Path> files;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private int linearDrawn; // invalid files drawn so far: linear.html, then linear-2.html, ...

  @Override
  public Integer call() throws Exception {
    JsonNode initJson = parseInit();
    LinearizabilityBackend backend;
    Model fixedModel;
    try {
      backend = Backends.byName(checker, knossosJar);
      fixedModel = model == null ? null : Models.byName(model);
      if (fixedModel != null) {
        fixedModel.initialState(initJson);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!(timeLimitSeconds > 0)) {
      throw new ParameterException(spec.commandLine(), "--time-limit must be a positive number of seconds");
    }
    Budget budget = Budget.defaults().withTimeLimit(Duration.ofMillis((long) (timeLimitSeconds * 1000)));
    if (memoryMib != null) {
      budget = budget.withMemoryBytes(memoryMib << 20);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    ArrayNode results = MAPPER.createArrayNode();
    boolean anyBad = false;
    Verdict overall = Verdict.VALID;
    for (Path file : files) {
      long start = System.nanoTime();
      CheckResult r;
      try {
        // a result bundle directory stands for its history.jsonl
        History h = HistoryReader.read(Files.isDirectory(file) ? file.resolve("history.jsonl") : file);
        Model m = fixedModel != null ? fixedModel : inferModel(h, file);
        r = backend.check(h, m, m.initialState(initJson), budget);
      } catch (NoSuchFileException e) {
        stderr.println("error: " + e.getFile() + ": no such file");
        anyBad = true;
        continue;
      } catch (HistoryFormatException | ModelException e) {
        stderr.println("error: " + (e instanceof ModelException ? file + ": " : "") + e.getMessage());
        anyBad = true;
        continue;
      } catch (IllegalArgumentException e) {
        stderr.println("error: " + file + ": " + e.getMessage());
        anyBad = true;
        continue;
      } catch (IOException e) {
        stderr.println("error: " + file + ": cannot read: " + e.getMessage());
        anyBad = true;
        continue;
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      stdout.println(file + " " + r.verdict().word() + " " + ms + " ms " + r.ops() + " ops"
          + (r.cause() == null ? "" : " " + r.cause()));
      stdout.flush();
      overall = overall.and(r.verdict());
      ObjectNode entry = results.addObject();
      entry.put("file", file.toString());
      entry.set("valid", r.verdict().json());
      entry.set("linearizability", r.toJson());
      if (out != null && r.violation() != null) {
        entry.put("linearHtml", LinearHtml.write(r, file.toString(), out, linearDrawn++));
      }
    }
    if (out != null) {
      writeResults(overall, results);
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

  private JsonNode parseInit() {
    if (init == null) {
      return null;
    }
    try {
      return MAPPER.readTree(init);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--init must be JSON (e.g. 0, \"x\", null,"
          + " {\"value\":\"a\",\"version\":1}), got: " + init);
    }
  }

  private static Model inferModel(History h, Path file) {
    String name = Models.infer(h);
    if (name == null) {
      throw new IllegalArgumentException("cannot tell the model from the functions this history"
          + " uses; pass --model (one of " + String.join(", ", Models.names()) + ")");
    }
    return Models.byName(name);
  }

  private void writeResults(Verdict overall, ArrayNode results) throws IOException {
    Files.createDirectories(out);
    ObjectNode root = MAPPER.createObjectNode();
    root.set("valid", overall.json());
    root.set("checks", results);
    Path tmp = out.resolve("results.json.tmp");
    MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
    Files.move(tmp, out.resolve("results.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
