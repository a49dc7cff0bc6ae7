package io.gauntlet.system.mapreduce;

import io.gauntlet.system.mapreduce.apps.Crash;
import io.gauntlet.system.mapreduce.apps.EarlyExit;
import io.gauntlet.system.mapreduce.apps.Indexer;
import io.gauntlet.system.mapreduce.apps.JobCount;
import io.gauntlet.system.mapreduce.apps.MapTiming;
import io.gauntlet.system.mapreduce.apps.NoCrash;
import io.gauntlet.system.mapreduce.apps.ReduceTiming;
import io.gauntlet.system.mapreduce.apps.WordCount;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Finds an app by its short name (the labs' plugin names) or by a class name on the classpath. */
public final class Apps {
  private static final Map<String, Supplier<MapReduceApp>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("wc", WordCount::new);
    BY_NAME.put("indexer", Indexer::new);
    BY_NAME.put("mtiming", MapTiming::new);
    BY_NAME.put("rtiming", ReduceTiming::new);
    BY_NAME.put("jobcount", JobCount::new);
    BY_NAME.put("early-exit", EarlyExit::new);
    BY_NAME.put("crash", Crash::new);
    BY_NAME.put("nocrash", NoCrash::new);
  }

  private Apps() {}

  public static Iterable<String> shortNames() {
    return BY_NAME.keySet();
  }

  /** @throws IllegalArgumentException naming the known apps when {@code name} is neither. */
  public static MapReduceApp load(String name) {
    Supplier<MapReduceApp> s = BY_NAME.get(name);
    if (s != null) {
      return s.get();
    }
    Class<?> c;
    try {
      c = Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "unknown app '" + name + "': use one of " + BY_NAME.keySet() + " or the class name of a MapReduceApp on the classpath");
    }
    if (!MapReduceApp.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException("class " + name + " does not implement " + MapReduceApp.class.getName());
    }
    try {
      return (MapReduceApp) c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot instantiate app class " + name + " (needs a public no-argument constructor): " + e, e);
    }
  }
}
