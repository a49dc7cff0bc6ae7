package io.gauntlet.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.checker.Seeds;
import io.gauntlet.checker.gen.Anomaly;
import io.gauntlet.checker.gen.HistoryGenerator;
import io.gauntlet.checker.linear.Budget;
import io.gauntlet.checker.linear.CheckResult;
import io.gauntlet.checker.linear.LinearizabilityChecker;
import io.gauntlet.checker.linear.Verdict;
import io.gauntlet.checker.model.Model;
import io.gauntlet.checker.model.Models;
import io.gauntlet.checker.report.NemesisIntervals;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdnHistoryReaderTest {
  /** Jepsen's store format: one op map per line, nemesis ops as info pairs, a record, a comment. */
  static final String JEPSEN = String.join("\n",
      "{:index 0, :time 1000, :type :invoke, :process 0, :f :write, :value 1}",
      "{:index 1, :time 2000, :type :info, :process :nemesis, :f :start, :value nil}",
      "{:index 2, :time 3000, :type :ok, :process 0, :f :write, :value 1}",
      "{:index 3, :time 4000, :type :info, :process :nemesis, :f :start,"
          + " :value [:isolated {\"n1\" #{\"n2\" \"n3\"}}]}",
      "; a comment line",
      "#jepsen.history.Op{:index 4, :time 5000, :type :invoke, :process 1, :f :read, :value nil}",
      "{:index 5, :time 6000, :type :ok, :process 1, :f :read, :value 1, :node \"n2\"}",
      "{:index 6, :time 7000, :type :info, :process :nemesis, :f :stop, :value nil}",
      "{:index 7, :time 8000, :type :info, :process :nemesis, :f :stop, :value :network-healed}",
      "{:index 8, :time 9000, :type :invoke, :process 2, :f :cas, :value [1 2]}",
      "{:index 9, :time 9500, :type :info, :process 2, :f :cas, :value [1 2], :error :timeout}",
      "");

  static History edn(String text) throws Exception {
    return EdnHistoryReader.read(new StringReader(text), "history.edn");
  }

  static Verdict check(History h, String model) {
    Model m = Models.byName(model);
    CheckResult r = new LinearizabilityChecker(m, m.initialState(null), Budget.defaults()).check(h);
    return r.verdict();
  }

  @Test
  void readsJepsensStoreFormatWithNemesisInfoPairs() throws Exception {
    History h = edn(JEPSEN);
    assertEquals(10, h.size());
    assertEquals(OpType.OK, h.get(2).type());
    assertEquals("write", h.get(0).f());
    assertEquals(1000, h.get(0).time());
    assertEquals(1, h.get(0).value().intValue());
    assertEquals("n2", h.get(5).node());
    assertEquals("timeout", h.get(9).error());
    assertTrue(h.get(1).isNemesis());
    assertEquals(3, h.calls().size());
    assertEquals(2, h.nemesisCalls().size(), "start and stop, each an info pair");
    assertEquals(3, h.nemesisCalls().get(0).completion().index());
    List<NemesisIntervals.Interval> faults = NemesisIntervals.of(h);
    assertEquals(1, faults.size());
    assertEquals(2000, faults.get(0).start());
    assertEquals(8000, faults.get(0).end());
    assertEquals(Verdict.VALID, check(h, "cas-register"));
  }

  @Test
  void readsKnossosVectorFilesWithoutIndexOrTime() throws Exception {
    History h = edn("[{:process 0, :type :invoke, :f :write, :value 1}\n"
        + " {:process 0, :type :ok, :f :write, :value 1}\n"
        + " {:process 1, :type :invoke, :f :read, :value nil}\n"
        + " {:process 1, :type :ok, :f :read, :value 2}]\n");
    assertEquals(4, h.size());
    assertEquals(3, h.get(3).index());
    assertEquals(Verdict.INVALID, check(h, "register"));
  }

  /** Knossos's test files: a list with comments, a nemesis info pair split over lines, a read never answered. */
  @Test
  void readsKnossosListFilesWithComments() throws Exception {
    History h = edn("; a stale read\n"
        + "({:type :invoke, :f :write, :value 0, :process 0}\n"
        + " {:type :ok, :f :write, :value 0, :process 0}\n"
        + " ; concurrently write 4, read 3\n"
        + " {:type :invoke, :f :read, :value nil, :process 1}\n"
        + " {:process :nemesis,\n  :type :info,\n  :f :start,\n  :value nil}\n"
        + " {:type :invoke, :f :write, :value 4, :process 2}\n"
        + " {:process :nemesis, :type :info, :f :start,\n  :value \"Cut off [:n3 #[:n4 :n5]]\"}\n"
        + " {:type :ok, :f :read, :value 3, :process 1}\n"
        + " {:type :ok, :f :write, :value 4, :process 2}\n"
        + " {:type :invoke, :f :read, :value nil, :process 3})\n");
    assertEquals(9, h.size());
    assertEquals(1, h.nemesisCalls().size());
    assertEquals("Cut off [:n3 #[:n4 :n5]]", h.nemesisCalls().get(0).completion().value().textValue());
    assertNull(h.completionOf(8), "the last read never answered");
    assertEquals(Verdict.INVALID, check(h, "cas-register"), "read 3: could only be 0 or 4");
    HistoryFormatException e = assertThrows(HistoryFormatException.class,
        () -> edn("({:type :invoke, :process 0, :f :read}\n"));
    assertTrue(e.getMessage().contains("list of ops opened at line 1 (missing ')')"), e.getMessage());
  }

  @Test
  void independentTuplesBecomeKeys() throws Exception {
    History h = edn(String.join("\n",
        "{:index 0, :time 0, :type :invoke, :process 0, :f :write, :value [7 1]}",
        "{:index 1, :time 1, :type :ok, :process 0, :f :write, :value [7 1]}",
        "{:index 2, :time 2, :type :invoke, :process 1, :f :read, :value [8 nil]}",
        "{:index 3, :time 3, :type :ok, :process 1, :f :read, :value [8 1]}",
        "{:index 4, :time 4, :type :invoke, :process 0, :f :cas, :value [7 [1 2]]}",
        "{:index 5, :time 5, :type :ok, :process 0, :f :cas, :value [7 [1 2]]}"));
    assertEquals("7", h.get(0).key());
    assertEquals("8", h.get(3).key());
    assertEquals(1, h.get(3).value().intValue());
    assertEquals(2, h.get(4).value().size(), "the cas argument [1 2] is the value, 7 the key");
    assertEquals(List.of("7", "8"), List.copyOf(h.callsByKey().keySet()));
    assertEquals(Verdict.INVALID, check(h, "cas-register"), "key 8 read 1, never written");
  }

  @Test
  void aPlainCasHistoryIsNotTakenForTuples() throws Exception {
    History h = edn(String.join("\n",
        "{:type :invoke, :process 0, :f :read, :value nil}",
        "{:type :ok, :process 0, :f :read, :value nil}",
        "{:type :invoke, :process 0, :f :cas, :value [nil 2]}",
        "{:type :ok, :process 0, :f :cas, :value [nil 2]}"));
    assertNull(h.get(2).key());
    assertEquals(Verdict.VALID, check(h, "cas-register"));
  }

  /** Knossos: an ok read of nil matches any state; our JSON read of null means never written. */
  @Test
  void okReadOfNilMatchesAnyStateAsInKnossos() throws Exception {
    String written = "{:index 0, :time 0, :type :invoke, :process 0, :f :write, :value 5}\n"
        + "{:index 1, :time 1, :type :ok, :process 0, :f :write, :value 5}\n"
        + "{:index 2, :time 2, :type :invoke, :process 1, :f :read, :value nil}\n";
    History unknown = edn(written + "{:index 3, :time 3, :type :ok, :process 1, :f :read, :value nil}\n");
    assertNull(unknown.get(3).value(), "read as an ok read with no value");
    assertEquals(Verdict.VALID, check(unknown, "register"));
    History never = edn(written
        + "{:index 3, :time 3, :type :ok, :process 1, :f :read, :value nil, :gauntlet/null true}\n");
    assertTrue(never.get(3).value().isNull());
    assertEquals(Verdict.INVALID, check(never, "register"), "null = never written, but 5 was");
    History jsonl = HistoryReader.read(new StringReader(
        "{\"index\":0,\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":5,\"time\":0}\n"
        + "{\"index\":1,\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":5,\"time\":1}\n"
        + "{\"index\":2,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"time\":2}\n"
        + "{\"index\":3,\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"time\":3}\n"), "h.jsonl");
    assertEquals(Verdict.VALID, check(jsonl, "register"), "JSONL: an ok read with no value field");
  }

  @Test
  void errorsNameTheLineAndQuoteWhatWasFound() {
    HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> edn(
        "{:index 0, :time 0, :type :invoke, :process 0, :f :read}\n\n"
        + "{:index 1, :time 1, :type :done, :process 0, :f :read}\n"));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains(":type must be one of :invoke, :ok, :fail, :info, got :done"),
        e.getMessage());
    e = assertThrows(HistoryFormatException.class, () -> edn(
        "{:type :invoke, :process \"0\", :f :read}\n"));
    assertTrue(e.getMessage().contains("got \"0\""), e.getMessage());
    e = assertThrows(HistoryFormatException.class, () -> edn(
        "{:type :invoke, :process 0, :f :read}\n{:type :ok, :process 0, :f :read, :value [1 2}\n"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith("history.edn line 2: malformed EDN"), e.getMessage());
    e = assertThrows(HistoryFormatException.class, () -> edn(
        "{:type :invoke, :process 0, :f :read}\n{:type :ok, :process 1, :f :read}\n"));
    assertTrue(e.getMessage().contains("line 2: completion for process 1 has no open invoke"),
        e.getMessage());
    e = assertThrows(HistoryFormatException.class, () -> edn("[{:type :invoke, :process 0, :f :read}\n"));
    assertTrue(e.getMessage().contains("missing ']'"), e.getMessage());
    e = assertThrows(HistoryFormatException.class, () -> edn("{:type :invoke, :process 0, :f :r}\n42\n"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("expected an op map"), e.getMessage());
  }

  @Test
  void detectsTheFormatByContent(@TempDir Path dir) throws Exception {
    Path edn = dir.resolve("history.txt");
    Files.writeString(edn, JEPSEN);
    assertEquals(HistoryFiles.Format.EDN, HistoryFiles.detect(edn));
    Path jsonl = dir.resolve("h.edn");
    Files.writeString(jsonl, HistoryReaderTest.GOOD);
    assertEquals(HistoryFiles.Format.JSONL, HistoryFiles.detect(jsonl));
    Path vector = dir.resolve("v");
    Files.writeString(vector, "\n  [{:process 0 :type :invoke :f :read}]");
    assertEquals(HistoryFiles.Format.EDN, HistoryFiles.detect(vector));
    Path store = Files.createDirectory(dir.resolve("jepsen-store"));
    Files.writeString(store.resolve("history.edn"), JEPSEN);
    assertEquals(10, HistoryFiles.read(store, null).size(), "a Jepsen store directory's history.edn");
  }

  /**
   * Round trip: a generated history (with crashes and injected anomalies) written by {@code gauntlet
   * edn}'s writer, with and without [k v] tuples, reads back to the same verdict as the JSONL.
   */
  @Test
  void ednExportThenCheckGivesTheJsonlVerdict() throws Exception {
    long base = Seeds.base();
    SplittableRandom rnd = new SplittableRandom(base);
    Anomaly[] anomalies = {Anomaly.NONE, Anomaly.STALE_READ, Anomaly.LOST_WRITE, Anomaly.PHANTOM_VALUE};
    String[] models = {"register", "cas-register", "kv", "versioned-kv", "mutex"};
    int invalid = 0;
    for (int i = 0; i < 150; i++) {
      String model = models[i % models.length];
      Anomaly a = model.equals("mutex") ? Anomaly.DOUBLE_ACQUIRE : anomalies[rnd.nextInt(anomalies.length)];
      long seed = rnd.nextLong();
      HistoryGenerator.Spec spec = HistoryGenerator.Spec.of(model, 2 + rnd.nextInt(5), 20 + rnd.nextInt(60))
          .keys(1 + rnd.nextInt(3)).crashRate(0.1).anomaly(a, 0.1);
      History jsonl = HistoryGenerator.generate(spec, seed);
      Verdict expected = check(jsonl, model);
      invalid += expected == Verdict.INVALID ? 1 : 0;
      for (boolean tuples : new boolean[] {true, false}) {
        StringWriter out = new StringWriter();
        EdnWriter.write(jsonl, out, tuples);
        History back = edn(out.toString());
        assertEquals(jsonl.size(), back.size());
        assertEquals(expected, check(back, model), model + " " + a + " history " + seed
            + (tuples ? " with" : " without") + " tuples; " + Seeds.replay(base) + "\n" + out);
      }
    }
    assertTrue(invalid >= 10, "the anomalies made only " + invalid + " invalid histories; "
        + Seeds.replay(base));
  }
}
