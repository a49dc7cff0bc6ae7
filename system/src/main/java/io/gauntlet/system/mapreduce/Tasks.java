package io.gauntlet.system.mapreduce;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The work of one task, independent of who schedules it (worker process or sequential run). */
public final class Tasks {
  private Tasks() {}

  /** An input file: {@code name} is what the app sees (as given by the user), {@code path} where to read it. */
  public record Input(String name, Path path) {}

  /** Reads an input file as UTF-8; invalid bytes become U+FFFD (not a letter), as Go's range over a string does. */
  static String read(Input input) throws IOException {
    try {
      return new String(Files.readAllBytes(input.path()), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(input.path().toString(), null, "input file " + input.name() + " does not exist");
    }
  }

  /** Runs map task {@code m} on {@code input} and leaves {@code mr-<m>-<r>} for every r in {@code dir}. */
  public static void runMap(MapReduceApp app, Input input, int m, int nReduce, Path dir) throws IOException {
    runMap(app, new KeyGroups(app), input, m, nReduce, dir);
  }

  /** As above, collecting into {@code groups}, which a worker reuses from task to task. */
  static void runMap(MapReduceApp app, KeyGroups groups, Input input, int m, int nReduce, Path dir) throws IOException {
    groups.nextTask();
    app.map(input.name(), read(input), groups);
    Intermediate.writePartitions(groups, m, nReduce, dir);
  }

  /** Reduces the given partitions (one byte array per map task) into {@code outDir/mr-out-<r>}. */
  public static void runReduce(MapReduceApp app, int r, List<byte[]> partitions, Path outDir) throws IOException {
    KeyGroups groups = new KeyGroups(app);
    for (int m = 0; m < partitions.size(); m++) {
      Intermediate.read(partitions.get(m), Intermediate.name(m, r), groups);
    }
    writeOutput(app, groups, outDir.resolve("mr-out-" + r));
  }

  static void writeOutput(MapReduceApp app, KeyGroups groups, Path file) throws IOException {
    AtomicFiles.write(file, true, out -> groups.writeReduced(app, new OutputStreamWriter(out, StandardCharsets.UTF_8)));
  }

  /** The labs' {@code mrsequential}: every map, then every reduce, in one thread, into {@code outDir/mr-out-0}. */
  public static Path runSequential(MapReduceApp app, List<Input> inputs, Path outDir) throws IOException {
    KeyGroups groups = new KeyGroups(app);
    for (Input in : inputs) {
      app.map(in.name(), read(in), groups);
    }
    Path out = outDir.resolve("mr-out-0");
    writeOutput(app, groups, out);
    return out;
  }

  /** Path of an intermediate file. */
  public static Path intermediate(Path dir, int m, int r) {
    return dir.resolve(Intermediate.name(m, r));
  }
}
