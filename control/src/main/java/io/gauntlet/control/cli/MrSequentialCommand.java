package io.gauntlet.control.cli;

import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.Tasks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gauntlet mr sequential}: the reference result, every map then every reduce in one thread. */
@Command(name = "sequential", mixinStandardHelpOptions = true,
    description = "Run a MapReduce app in one thread (the labs' mrsequential); writes OUT/mr-out-0.")
final class MrSequentialCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--app", required = true, description = "app short name (wc, indexer, ...) or class name")
  String app;

  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "input files")
  List<Path> files;

  @Override
  public Integer call() throws Exception {
    MapReduceApp a = MrArgs.app(spec, app);
    List<Tasks.Input> inputs = MrArgs.inputs(spec, files);
    MrArgs.writableDir(spec, "--out", out);
    Path result = Tasks.runSequential(a, inputs, out);
    spec.commandLine().getOut().println("output: " + result);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
