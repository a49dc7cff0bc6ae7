package io.gauntlet.checker.knossos;

import clojure.java.api.Clojure;
import clojure.lang.ArityException;
import clojure.lang.IFn;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Knossos loaded from the user's jar, on the Clojure runtime that ships with Gauntlet. Clojure
 * itself comes from Gauntlet's class path; the jar is added by a class loader that Clojure uses as
 * the thread's context class loader while it loads and runs Knossos's namespaces (Clojure's {@code
 * require} looks for sources and AOT classes there). Clojure has one runtime per JVM, so Knossos is
 * loaded once; the jar is checked before Clojure touches it, so a wrong jar is reported as such.
 */
final class KnossosRuntime {
  static final String CLOJARS = "https://clojars.org/knossos";

  private final Path jar;
  private final URLClassLoader loader;
  private volatile boolean loaded;
  /** Loading Knossos, started once on a daemon thread so that a caller can stop waiting for it. */
  private java.util.concurrent.CompletableFuture<Long> loading;

  KnossosRuntime(Path jar) {
    this.jar = jar;
    checkJar(jar);
    try {
      this.loader = new URLClassLoader("knossos", new URL[] {jar.toUri().toURL()},
          KnossosRuntime.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("--knossos-jar " + jar + ": not a usable path: " + e.getMessage());
    }
  }

  /** Refuses a path that is not a readable jar holding Knossos, with what to do about it. */
  static void checkJar(Path jar) {
    String get = " (Knossos is published on Clojars only: get the standalone jar, e.g. `lein uberjar`"
        + " in a checkout of github.com/jepsen-io/knossos, or from " + CLOJARS + " with its dependencies)";
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("--knossos-jar " + jar + ": no such file" + get);
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.getEntry("knossos/competition.clj") == null
          && zip.getEntry("knossos/competition__init.class") == null) {
        throw new IllegalArgumentException("--knossos-jar " + jar + ": not a Knossos jar (it holds no"
            + " knossos/competition.clj)" + get);
      }
    } catch (ZipException e) {
      throw new IllegalArgumentException("--knossos-jar " + jar + ": not a jar file (" + e.getMessage() + ")" + get);
    } catch (IOException e) {
      throw new IllegalArgumentException("--knossos-jar " + jar + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * Runs {@code (knossos.competition/analysis model history {:time-limit ms})}.
   *
   * @param constructor the {@code knossos.model} var building the model from {@code initEdn}
   * @param timeLimitMillis Knossos's time limit, or null for none
   * @return Knossos's result map
   */
  Object analysis(String constructor, String initEdn, String historyEdn, Long timeLimitMillis) {
    return withKnossos(() -> {
      IFn read = Clojure.var("clojure.edn", "read-string");
      Object model = Clojure.var("knossos.model", constructor).invoke(read.invoke(initEdn));
      Object history = read.invoke(historyEdn);
      IFn analysis = Clojure.var("knossos.competition", "analysis");
      if (timeLimitMillis == null) {
        return analysis.invoke(model, history);
      }
      try {
        return analysis.invoke(model, history, read.invoke("{:time-limit " + timeLimitMillis + "}"));
      } catch (ArityException e) {
        return analysis.invoke(model, history); // older Knossos takes no options (and no limit)
      }
    });
  }

  /**
   * Waits until Knossos is loaded (starting the load on first use) or {@code deadlineNanos}
   * ({@link System#nanoTime()}, {@code Long.MAX_VALUE} for none) passes. Loading Clojure and
   * Knossos's namespaces takes seconds, so a check charges it to its time limit.
   *
   * @return how long the load took in ms (0 once loaded), or -1 if the deadline came first
   * @throws IllegalArgumentException if the jar cannot be loaded as Knossos
   */
  long awaitLoaded(long deadlineNanos) throws InterruptedException {
    if (loaded) {
      return 0;
    }
    boolean noTimeLeft = deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0;
    java.util.concurrent.CompletableFuture<Long> f;
    synchronized (this) {
      if (loading == null) {
        loading = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Long> target = loading;
        Thread t = new Thread(() -> {
          long t0 = System.nanoTime();
          try {
            withKnossos(() -> null);
            target.complete((System.nanoTime() - t0) / 1_000_000);
          } catch (RuntimeException e) {
            target.completeExceptionally(e);
          }
        }, "knossos-load");
        t.setDaemon(true);
        t.start();
      }
      f = loading;
    }
    if (noTimeLeft) {
      return -1; // not loaded and no time left: the load goes on in the background for a later check
    }
    try {
      return deadlineNanos == Long.MAX_VALUE ? f.get()
          : f.get(Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return -1;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private <T> T withKnossos(Callable<T> body) {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      if (!loaded) {
        load();
      }
      return body.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  private synchronized void load() {
    if (loaded) {
      return;
    }
    IFn require = Clojure.var("clojure.core", "require");
    try {
      require.invoke(Clojure.read("clojure.edn"));
      require.invoke(Clojure.read("knossos.model"));
      require.invoke(Clojure.read("knossos.competition"));
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalArgumentException("--knossos-jar " + jar + ": loading Knossos failed: " + e
          + " (use the standalone jar, which includes Knossos's dependencies)", e);
    }
    loaded = true;
  }
}
