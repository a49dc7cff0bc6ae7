package io.gauntlet.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryReaderTest {
  static final String GOOD = String.join("\n",
      "{\"index\":0,\"type\":\"invoke\",\"process\":3,\"f\":\"write\",\"key\":\"k7\",\"value\":42,\"time\":1034567}",
      "{\"index\":1,\"type\":\"invoke\",\"process\":\"nemesis\",\"f\":\"start-partition\",\"value\":\"majority-ring\",\"time\":2000000}",
      "{\"index\":2,\"type\":\"ok\",\"process\":3,\"f\":\"write\",\"key\":\"k7\",\"value\":42,\"time\":2034567,\"node\":\"n1\"}",
      "{\"index\":3,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"start-partition\",\"value\":\"majority-ring\",\"time\":2100000}",
      "{\"index\":4,\"type\":\"invoke\",\"process\":4,\"f\":\"read\",\"key\":\"k7\",\"value\":null,\"time\":2200000}",
      "");

  static History read(String text) throws Exception {
    return HistoryReader.read(new StringReader(text), "history.jsonl");
  }

  static HistoryFormatException bad(String text) {
    return assertThrows(HistoryFormatException.class, () -> read(text));
  }

  /** Jepsen and Knossos write a nemesis op as an info when it starts and another when done. */
  @Test
  void acceptsNemesisInfoWithoutInvoke() throws Exception {
    History h = read(String.join("\n",
        "{\"index\":0,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"start\",\"time\":10}",
        "{\"index\":1,\"type\":\"invoke\",\"process\":0,\"f\":\"read\",\"value\":null,\"time\":20}",
        "{\"index\":2,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"start\",\"value\":\"cut\",\"time\":30}",
        "{\"index\":3,\"type\":\"ok\",\"process\":0,\"f\":\"read\",\"value\":null,\"time\":40}",
        "{\"index\":4,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"kill\",\"time\":50}",
        "{\"index\":5,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"stop\",\"time\":60}",
        "{\"index\":6,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"stop\",\"time\":70}",
        ""));
    assertEquals(1, h.calls().size());
    List<Call> nemesis = h.nemesisCalls();
    assertEquals(3, nemesis.size(), "start pair, kill alone, stop pair");
    assertEquals(2, nemesis.get(0).completion().index());
    assertEquals(4, nemesis.get(1).completion().index(), "a lone info of another f is an instant");
    assertEquals(6, nemesis.get(2).completion().index());
    assertEquals(0, h.invocationOf(2).index());
    History mixed = read(String.join("\n",
        "{\"index\":0,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"kill\",\"time\":10}",
        "{\"index\":1,\"type\":\"invoke\",\"process\":\"nemesis\",\"f\":\"start\",\"time\":20}",
        "{\"index\":2,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"start\",\"time\":30}", ""));
    assertEquals(2, mixed.nemesisCalls().size(), "an info-opened call, then an invoke: an instant, then a pair");
    assertEquals(0, mixed.nemesisCalls().get(0).completion().index());
    assertEquals(2, mixed.nemesisCalls().get(1).completion().index());
    HistoryFormatException e = bad(
        "{\"index\":0,\"type\":\"ok\",\"process\":\"nemesis\",\"f\":\"start\",\"time\":10}\n");
    assertTrue(e.getMessage().contains("has no open invoke"), e.getMessage());
  }

  @Test
  void readsPairsAndNemesis() throws Exception {
    History h = read(GOOD);
    assertEquals(5, h.size());
    assertEquals(2, h.completionOf(0).index());
    assertEquals(0, h.invocationOf(2).index());
    assertNull(h.completionOf(4), "the last invoke never completed");
    List<Call> calls = h.calls();
    assertEquals(2, calls.size());
    assertEquals(OpType.OK, calls.get(0).outcome());
    assertEquals(OpType.INFO, calls.get(1).outcome(), "an uncompleted invoke counts as info");
    assertEquals(1, h.nemesisCalls().size());
    assertTrue(h.get(1).isNemesis());
    assertEquals("n1", h.get(2).node());
    assertTrue(h.get(4).value().isNull(), "explicit null is kept as a JSON null");
  }

  @Test
  void roundTripsThroughWriterAndFsyncedFile(@TempDir Path dir) throws Exception {
    History h = read(GOOD);
    Path file = dir.resolve("history.jsonl");
    HistoryWriter.write(file, h);
    History back = HistoryReader.read(file);
    assertEquals(h.ops(), back.ops());
    List<Op> streamed = new ArrayList<>();
    HistoryReader.forEach(file, streamed::add);
    assertEquals(h.ops(), streamed);
    assertEquals(GOOD, Files.readString(file));
  }

  @Test
  void completionWithoutOpenInvokeNamesLineAndLastCompletion() {
    String text = GOOD + "{\"index\":5,\"type\":\"ok\",\"process\":3,\"f\":\"write\",\"key\":\"k7\",\"time\":3000000}\n";
    HistoryFormatException e = bad(text);
    assertEquals("history.jsonl line 6: completion for process 3 has no open invoke (last invoke of 3"
        + " completed at line 3)", e.getMessage());
    assertEquals(6, e.line());
  }

  @Test
  void indexMustBeDense() {
    String text = GOOD.replace("\"index\":4", "\"index\":7");
    assertEquals("history.jsonl line 5: index 7 but expected 4 (indices are dense, start at 0 and"
        + " increase by 1)", bad(text).getMessage());
  }

  @Test
  void processIsNotReusedAfterInfo() {
    String text = String.join("\n",
        "{\"index\":0,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":1}",
        "{\"index\":1,\"type\":\"info\",\"process\":1,\"f\":\"read\",\"time\":2,\"error\":\"timeout\"}",
        "{\"index\":2,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":3}");
    HistoryFormatException e = bad(text);
    assertEquals(3, e.line());
    assertTrue(e.problem().contains("reused after its info completion at line 2"), e.getMessage());
  }

  @Test
  void secondInvokeWhileOutstandingIsAnError() {
    String text = String.join("\n",
        "{\"index\":0,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":1}",
        "{\"index\":1,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":2}");
    assertTrue(bad(text).problem().contains("at most one call outstanding"));
  }

  @Test
  void completionMustMatchInvokeF() {
    String text = String.join("\n",
        "{\"index\":0,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":1}",
        "{\"index\":1,\"type\":\"ok\",\"process\":1,\"f\":\"write\",\"time\":2}");
    assertEquals("history.jsonl line 2: completion has f \"write\" but the invoke of process 1 at"
        + " line 1 has f \"read\"", bad(text).getMessage());
  }

  @Test
  void malformedLinesAreNamed() {
    assertEquals(2, bad("{\"index\":0,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":1}\n{\"index\":1,")
        .line());
    assertTrue(bad("{\"index\":0,\"type\":\"start\",\"process\":1,\"f\":\"read\",\"time\":1}").problem()
        .contains("\"type\" must be one of"));
    assertTrue(bad("{\"index\":0,\"type\":\"invoke\",\"process\":1,\"f\":\"read\"}").problem()
        .contains("missing required field \"time\""));
    assertTrue(bad("{\"index\":0,\"type\":\"invoke\",\"process\":-2,\"f\":\"read\",\"time\":1}").problem()
        .contains("\"process\" must be"));
    assertTrue(bad("[1,2]").problem().contains("expected a JSON object"));
    assertTrue(bad("{\"index\":0,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":1} {}")
        .problem().contains("one operation per line"));
    assertTrue(bad("{\"index\":0,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":5}\n"
        + "{\"index\":1,\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"time\":4}").problem()
        .contains("time 4 is before the time 5 at line 1"));
  }

  @Test
  void exportsEdnWithKeywordsAndIndependentTuples() throws Exception {
    History h = read(GOOD);
    StringWriter sw = new StringWriter();
    EdnWriter.write(h, sw, true);
    String[] lines = sw.toString().split("\n");
    assertEquals("{:index 0, :type :invoke, :process 3, :f :write, :value [\"k7\" 42], :time 1034567}", lines[0]);
    assertEquals("{:index 1, :type :invoke, :process :nemesis, :f :start-partition, :value \"majority-ring\","
        + " :time 2000000}", lines[1]);
    assertEquals("{:index 2, :type :ok, :process 3, :f :write, :value [\"k7\" 42], :time 2034567, :node \"n1\"}", lines[2]);
    assertEquals("{:index 4, :type :invoke, :process 4, :f :read, :value [\"k7\" nil], :time 2200000}", lines[4]);
    assertEquals("{:value \"a\\\"b\", :version 3}", EdnWriter.value(
        new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"value\":\"a\\\"b\",\"version\":3}")));
  }
}
