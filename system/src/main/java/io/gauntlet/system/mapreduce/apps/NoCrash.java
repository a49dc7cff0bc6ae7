package io.gauntlet.system.mapreduce.apps;

import io.gauntlet.system.mapreduce.Emitter;
import io.gauntlet.system.mapreduce.MapReduceApp;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The labs' {@code nocrash}: the reference for {@link Crash}, with the same output and no faults. */
public class NoCrash implements MapReduceApp {
  /** Called before every map and reduce; {@link Crash} misbehaves here. */
  protected void maybeCrash() {}

  @Override
  public final void map(String filename, String contents, Emitter out) {
    maybeCrash();
    out.emit("a", filename);
    out.emit("b", Integer.toString(filename.getBytes(StandardCharsets.UTF_8).length));
    out.emit("c", Integer.toString(contents.getBytes(StandardCharsets.UTF_8).length));
    out.emit("d", "xyzzy");
  }

  @Override
  public final String reduce(String key, List<String> values) {
    maybeCrash();
    return SortedJoin.of(values);
  }
}
