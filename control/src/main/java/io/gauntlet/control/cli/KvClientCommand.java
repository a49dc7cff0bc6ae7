package io.gauntlet.control.cli;

import io.gauntlet.system.client.GauntletKv;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gauntlet kv get|put|append}: one call to a cluster, like {@code etcdctl}. {@code get} prints
 * the value alone. Exit codes: 0 done; 1 the key is absent (get) or its version differs (put
 * --version); 2 the outcome is unknown (the call gave up: it may or may not have applied).
 */
@Command(name = "kv", mixinStandardHelpOptions = true, description = "Get, put or append one key of a cluster.",
    subcommands = {KvClientCommand.Get.class, KvClientCommand.Put.class, KvClientCommand.Append.class})
final class KvClientCommand implements Runnable {
  static final int EXIT_ABSENT = 1;
  static final int EXIT_UNKNOWN = 2;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  abstract static class Call implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cluster", required = true, description = "the cluster file")
    Path cluster;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
        description = "give up after this long; the outcome is then unknown (default ${DEFAULT-VALUE})")
    Duration timeout;

    abstract KvResult call(GauntletKv kv) throws TimeoutException, InterruptedException;

    @Override
    public Integer call() throws Exception {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be positive");
      }
      GauntletKv.Options options = new GauntletKv.Options(Duration.ofMillis(Math.min(250, timeout.toMillis())), timeout);
      try (GauntletKv kv = GauntletKv.connect(ClusterOption.load(spec, cluster), options)) {
        KvResult r;
        try {
          r = call(kv);
        } catch (UnsupportedOperationException e) {
          spec.commandLine().getErr().println("error: " + e.getMessage());
          return GauntletCli.EXIT_USAGE;
        } catch (TimeoutException e) {
          r = KvResult.MAYBE;
        }
        return report(r);
      }
    }

    int report(KvResult r) {
      if (r.err() == Err.ERR_MAYBE) {
        spec.commandLine().getErr().println("error: no answer within " + timeout.toMillis()
            + " ms; the operation may or may not have been applied");
        return EXIT_UNKNOWN;
      }
      if (r.err() == Err.ERR_NO_KEY) {
        spec.commandLine().getErr().println("error: key not found");
        return EXIT_ABSENT;
      }
      if (r.err() == Err.ERR_VERSION) {
        spec.commandLine().getErr().println("error: version mismatch (the key's version is not the one given)");
        return EXIT_ABSENT;
      }
      return printOk(r);
    }

    int printOk(KvResult r) {
      spec.commandLine().getOut().println("OK");
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Print KEY's value (alone); exit 1 if absent.")
  static final class Get extends Call {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Option(names = "--show-version", description = "print VALUE<TAB>VERSION")
    boolean showVersion;

    @Override
    KvResult call(GauntletKv kv) throws TimeoutException, InterruptedException {
      return kv.get(key);
    }

    @Override
    int printOk(KvResult r) {
      spec.commandLine().getOut().println(showVersion ? r.value() + "\t" + r.version() : r.value());
      return 0;
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, description = "Set KEY to VALUE (with --version: only if KEY has that version).")
  static final class Put extends Call {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE") String value;

    @Option(names = "--version", description = "the versioned put: apply only if KEY's version is this (0: KEY absent)")
    Long version;

    @Override
    KvResult call(GauntletKv kv) throws TimeoutException, InterruptedException {
      if (version != null && version < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--version must be >= 0, got " + version);
      }
      return version == null ? kv.put(key, value) : kv.put(key, value, version);
    }
  }

  @Command(name = "append", mixinStandardHelpOptions = true, description = "Append VALUE to KEY's value.")
  static final class Append extends Call {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE") String value;

    @Override
    KvResult call(GauntletKv kv) throws TimeoutException, InterruptedException {
      return kv.append(key, value);
    }
  }
}
