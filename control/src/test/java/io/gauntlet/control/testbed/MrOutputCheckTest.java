package io.gauntlet.control.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.mapreduce.Apps;
import io.gauntlet.system.mapreduce.MapReduceApp;
import io.gauntlet.system.mapreduce.Tasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapreduce checker accepts the output of the real map and reduce tasks, and names the first wrong line or missing file. */
class MrOutputCheckTest {
  @TempDir Path dir;

  @Test
  void theDistributedTasksOutputPassesAndEachKindOfDamageIsNamed() throws Exception {
    MapReduceApp app = Apps.load("wc");
    List<Tasks.Input> inputs = List.of(
        new Tasks.Input("a.txt", Files.writeString(dir.resolve("a.txt"), "the cat saw the dog\nA dog, a cat.\n")),
        new Tasks.Input("b.txt", Files.writeString(dir.resolve("b.txt"), "the end of the story\n")));
    int nReduce = 3;
    MrOutputCheck check = new MrOutputCheck(app, inputs, nReduce, dir.resolve("seq"));
    Path mid = dir.resolve("mid");
    Path out = dir.resolve("out");
    Files.createDirectories(mid);
    for (int m = 0; m < inputs.size(); m++) {
      Tasks.runMap(app, inputs.get(m), m, nReduce, mid);
    }
    List<List<Path>> copies = new ArrayList<>();
    for (int r = 0; r < nReduce; r++) {
      List<byte[]> parts = new ArrayList<>();
      for (int m = 0; m < inputs.size(); m++) {
        parts.add(Files.readAllBytes(Tasks.intermediate(mid, m, r)));
      }
      Tasks.runReduce(app, r, parts, out);
      copies.add(new ArrayList<>(List.of(out.resolve("mr-out-" + r))));
    }
    assertNull(check.compare(copies));

    int r = 0;
    while (Files.readAllLines(copies.get(r).get(0)).size() < 2) {
      r++;
    }
    Path f = copies.get(r).get(0);
    List<String> lines = Files.readAllLines(f);
    List<String> damaged = new ArrayList<>(lines);
    damaged.set(1, damaged.get(1) + "0"); // a count ten times too high
    Path copy = Files.write(dir.resolve("damaged"), damaged);
    copies.get(r).add(copy); // one bad copy among good ones is enough
    MrOutputCheck.Difference d = check.compare(copies);
    assertEquals(new MrOutputCheck.Difference("mr-out-" + r, 2, lines.get(1), lines.get(1) + "0", false), d);

    copies.get(r).clear();
    d = check.compare(copies);
    assertTrue(d.missing() && d.toString().startsWith("mr-out-" + r + " is missing"), d.toString());
  }
}
