package io.gauntlet.checker.crosscheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Porcupine cross-check program ({@code checker/porcupine}, Go): builds it with the machine's
 * {@code go} and runs it on a history file. Used by the cross-check test and by {@code bench
 * checker}; the program's own timings exclude process start, as ours exclude JVM start.
 */
public final class PorcupineProgram {
  /** What the program printed. Times in milliseconds, measured inside the program. */
  public record Result(String verdict, long ops, double parseMillis, double checkMillis) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path binary;

  private PorcupineProgram(Path binary) {
    this.binary = binary;
  }

  /** Whether a {@code go} command is on the PATH. */
  public static boolean goAvailable() {
    try {
      Process p = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Builds the program from {@code sourceDir} (the folder with go.mod) into {@code binary},
   * unless the binary is newer than every source file.
   */
  public static PorcupineProgram build(Path sourceDir, Path binary) throws IOException {
    if (!Files.isRegularFile(sourceDir.resolve("go.mod"))) {
      throw new IOException("no go.mod in " + sourceDir + " (the Porcupine program's sources)");
    }
    if (upToDate(sourceDir, binary)) {
      return new PorcupineProgram(binary);
    }
    Files.createDirectories(binary.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", binary.toAbsolutePath().toString(), ".")
        .directory(sourceDir.toFile()).redirectErrorStream(true);
    pb.environment().put("GOFLAGS", "-mod=mod");
    String out = run(pb, Duration.ofMinutes(10));
    if (!Files.isExecutable(binary)) {
      throw new IOException("go build in " + sourceDir + " did not produce " + binary + ":\n" + out);
    }
    return new PorcupineProgram(binary);
  }

  /** Uses an already built binary. */
  public static PorcupineProgram at(Path binary) {
    return new PorcupineProgram(binary);
  }

  public Path binary() {
    return binary;
  }

  /** Checks {@code history} with model kv or cas-register; {@code timeLimit} null for none. */
  public Result check(String model, Path history, String initJson, Duration timeLimit) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary.toAbsolutePath().toString(), "--model", model));
    if (initJson != null) {
      cmd.add("--init");
      cmd.add(initJson);
    }
    if (timeLimit != null) {
      cmd.add("--time-limit");
      cmd.add(Double.toString(timeLimit.toMillis() / 1000.0));
    }
    cmd.add(history.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    String out = run(pb, timeLimit == null ? Duration.ofHours(1) : timeLimit.plusMinutes(1)).trim();
    JsonNode j;
    try {
      j = MAPPER.readTree(out);
    } catch (IOException e) {
      throw new IOException("porcupine-check printed no result for " + history + ": " + out);
    }
    if (j == null || !j.has("verdict")) {
      throw new IOException("porcupine-check printed no result for " + history + ": " + out);
    }
    return new Result(j.get("verdict").textValue(), j.get("ops").longValue(),
        j.get("parse_ms").doubleValue(), j.get("check_ms").doubleValue());
  }

  private static String run(ProcessBuilder pb, Duration limit) throws IOException {
    Process p = pb.start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", pb.command()) + " did not finish within " + limit);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", pb.command()) + " exited " + p.exitValue() + ":\n" + text);
      }
      return text;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static boolean upToDate(Path sourceDir, Path binary) throws IOException {
    if (!Files.isExecutable(binary)) {
      return false;
    }
    var built = Files.getLastModifiedTime(binary);
    try (var files = Files.list(sourceDir)) {
      return files.filter(f -> f.toString().endsWith(".go") || f.getFileName().toString().startsWith("go."))
          .allMatch(f -> {
            try {
              return Files.getLastModifiedTime(f).compareTo(built) < 0;
            } catch (IOException e) {
              return false;
            }
          });
    }
  }
}
