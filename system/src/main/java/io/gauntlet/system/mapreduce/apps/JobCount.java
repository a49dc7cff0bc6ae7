package io.gauntlet.system.mapreduce.apps;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The labs' {@code jobcount}: every map call leaves a file {@code mr-worker-jobcount-<pid>-<n>} and
 * takes 2-5 s; the reduce counts those files, so the output is {@code a 8} only if each of 8 map
 * tasks ran exactly once.
 */
public final class JobCount implements MapReduceApp {
  private static final AtomicInteger COUNT = new AtomicInteger();

  @Override
  public void map(String filename, String contents, Emitter out) {
    long pid = ProcessHandle.current().pid();
    try {
      Files.writeString(Path.of("mr-worker-jobcount-" + pid + "-" + COUNT.getAndIncrement()), "x");
      Thread.sleep(2000 + ThreadLocalRandom.current().nextInt(3000));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    out.emit("a", "x");
  }

  @Override
  public String reduce(String key, List<String> values) {
    int invocations = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("."), "mr-worker-jobcount*")) {
      for (Path ignored : dir) {
        invocations++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Integer.toString(invocations);
  }
}
