package io.gauntlet.control.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleIndexTest {
  @TempDir Path results;

  private static IndexQuery query(String... kv) {
    Map<String, List<String>> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], List.of(kv[i + 1]));
    }
    return IndexQuery.of(m);
  }

  @Test
  void readsTheSummaryOfARealBundle() throws Exception {
    String id = SampleBundles.full(results, "kv-kill-local", Instant.parse("2026-03-01T10:00:00Z"), true);
    BundleSummary s = new BundleIndex(results).refresh().get(0);
    assertEquals(id, s.id());
    assertEquals("kv-kill-local", s.test());
    assertEquals("kv", s.workload());
    assertEquals(List.of("kill"), s.nemeses());
    assertEquals(Instant.parse("2026-03-01T10:00:00Z"), s.start());
    assertEquals(Verdict.INVALID, s.verdict());
    assertTrue(s.reason().contains("not linearizable"), s.reason());
    assertEquals(601, s.ops());
    assertEquals(1.0, s.okFraction());
    assertEquals(6.0, s.seconds());
    assertFalse(s.complete(), "results.json was just written");
  }

  @Test
  void missingOrCorruptResultsShowAsIncompleteWithTheReasonAndTheRestStillLists() throws Exception {
    SampleBundles.summaries(results, 20, 1);
    Path missing = Files.createDirectories(results.resolve("broken/20260201T000000.000Z"));
    Files.writeString(missing.resolve("test.json"), "{\"workload\":\"kv\",\"nemesis\":[\"kill\"]}");
    Path corrupt = Files.createDirectories(results.resolve("broken/20260202T000000.000Z"));
    Files.writeString(corrupt.resolve("results.json"), "{\"valid\": tru");
    Path wrong = Files.createDirectories(results.resolve("broken/20260203T000000.000Z"));
    Files.writeString(wrong.resolve("results.json"), "[1, 2]");
    Path notAStamp = Files.createDirectories(results.resolve("broken/not-a-stamp"));
    Files.writeString(notAStamp.resolve("results.json"), "{\"valid\": \"maybe\"}");

    BundleIndex index = new BundleIndex(results);
    IndexQuery.Page p = index.query(query("verdict", "incomplete"));
    assertEquals(24, p.total());
    assertEquals(4, p.matched());
    assertEquals("no results.json", index.get("broken/20260201T000000.000Z").reason());
    assertEquals("kv", index.get("broken/20260201T000000.000Z").workload());
    assertTrue(index.get("broken/20260202T000000.000Z").reason().startsWith("results.json is not valid JSON"),
        index.get("broken/20260202T000000.000Z").reason());
    assertEquals("results.json is not a JSON object", index.get("broken/20260203T000000.000Z").reason());
    assertTrue(index.get("broken/not-a-stamp").reason().contains("no valid field"));
  }

  @Test
  void aFreshLiveJsonIsRunningAndAStaleOneIncomplete() throws Exception {
    Path run = Files.createDirectories(results.resolve("kv-kill-local/20260301T000000.000Z"));
    long now = System.currentTimeMillis();
    Files.writeString(run.resolve("live.json"), "{\"elapsed-s\":12.5,\"time-limit-s\":60,\"ok\":900,\"fail\":10,\"info\":2,"
        + "\"fault\":\"kill n2\",\"phase\":\"\",\"finished\":false,\"updated\":" + now + "}");
    Path dead = Files.createDirectories(results.resolve("kv-kill-local/20260302T000000.000Z"));
    Files.writeString(dead.resolve("live.json"), "{\"ok\":1,\"finished\":false,\"updated\":" + (now - 60_000) + "}");
    BundleIndex index = new BundleIndex(results);
    index.refresh();
    BundleSummary r = index.get("kv-kill-local/20260301T000000.000Z");
    assertEquals(Verdict.RUNNING, r.verdict());
    assertEquals(912, r.ops());
    assertEquals("kill n2", r.live().fault());
    assertFalse(r.complete());
    BundleSummary d = index.get("kv-kill-local/20260302T000000.000Z");
    assertEquals(Verdict.INCOMPLETE, d.verdict());
    assertTrue(d.reason().contains("stopped reporting progress"), d.reason());
    // The test finishes: results.json appears and the next refresh shows the verdict.
    Files.writeString(run.resolve("results.json"), "{\"valid\":\"true\",\"stats\":{\"ok\":1000,\"fail\":0,\"info\":0}}");
    index.refresh();
    assertEquals(Verdict.VALID, index.get("kv-kill-local/20260301T000000.000Z").verdict());
  }

  @Test
  void filtersByVerdictWorkloadNemesisAndText() throws Exception {
    SampleBundles.summaries(results, 300, 2);
    BundleIndex index = new BundleIndex(results);
    IndexQuery.Page invalid = index.query(query("verdict", "invalid", "size", "500"));
    assertEquals(300, invalid.total());
    assertTrue(invalid.matched() > 0);
    assertTrue(invalid.rows().stream().allMatch(s -> s.verdict() == Verdict.INVALID));
    assertEquals(invalid.matched(), invalid.rows().size());
    IndexQuery.Page reg = index.query(query("workload", "register", "nemesis", "kill", "size", "500"));
    assertTrue(reg.matched() > 0);
    assertTrue(reg.rows().stream().allMatch(s -> s.workload().equals("register") && s.nemeses().contains("kill")));
    IndexQuery.Page text = index.query(query("q", "DID NOT START", "size", "500"));
    assertEquals(3, text.matched(), "the 3 crashed bundles' error text");
    assertTrue(text.rows().stream().allMatch(s -> s.verdict() == Verdict.CRASHED));
    assertEquals(List.of("kv", "register", "versioned-kv"), text.workloads());
  }

  @Test
  void sortsByEveryColumnAndPages() throws Exception {
    SampleBundles.summaries(results, 120, 3);
    BundleIndex index = new BundleIndex(results);
    IndexQuery.Page first = index.query(IndexQuery.defaults());
    assertEquals(50, first.rows().size());
    assertEquals(3, first.pages());
    assertTrue(isSorted(first.rows(), Comparator.comparing(BundleSummary::start).reversed()), "newest first");
    IndexQuery.Page last = index.query(query("page", "3"));
    assertEquals(20, last.rows().size());
    assertEquals(SampleBundles.EPOCH, last.rows().get(19).start(), "the oldest is last");
    assertEquals(3, index.query(query("page", "99")).page(), "past the end: the last page");
    assertTrue(isSorted(index.query(query("sort", "ops", "order", "asc", "size", "500")).rows(),
        Comparator.comparingLong(BundleSummary::ops)));
    assertTrue(isSorted(index.query(query("sort", "ops", "order", "desc", "size", "500")).rows(),
        Comparator.comparingLong(BundleSummary::ops).reversed()));
    assertTrue(isSorted(index.query(query("sort", "test", "size", "500")).rows(), Comparator.comparing(BundleSummary::test)));
    assertTrue(isSorted(index.query(query("sort", "verdict", "size", "500")).rows(), Comparator.comparing(BundleSummary::verdict)));
    for (String col : IndexQuery.COLUMNS) {
      assertEquals(120, index.query(query("sort", col, "size", "500")).rows().size(), col);
    }
    assertEquals("start", index.query(query("sort", "bogus")).query().sort(), "an unknown column: the default");
  }

  @Test
  void refreshSeesNewAndRemovedBundlesButNeverRereadsACompleteOne() throws Exception {
    List<String> ids = SampleBundles.summaries(results, 10, 4);
    Path done = results.resolve(ids.get(0));
    Path recent = results.resolve(ids.get(2));
    Files.setLastModifiedTime(recent.resolve("results.json"), FileTime.fromMillis(System.currentTimeMillis()));
    BundleIndex index = new BundleIndex(results);
    assertEquals(10, index.refresh().size());
    assertTrue(index.get(ids.get(0)).complete(), "settled long ago");
    assertFalse(index.get(ids.get(2)).complete(), "just written: may still be replaced");
    Files.writeString(done.resolve("results.json"), "garbage"); // a complete bundle does not change: not re-read
    Files.writeString(recent.resolve("results.json"), "{\"valid\":\"crashed\",\"error\":\"rewritten\"}");
    Path added = Files.createDirectories(results.resolve("new-test/20270101T000000.000Z"));
    Files.writeString(added.resolve("results.json"), "{\"valid\":\"true\"}");
    Files.walk(results.resolve(ids.get(1))).sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    List<BundleSummary> all = index.refresh();
    assertEquals(10, all.size(), "one added, one removed");
    assertEquals(Verdict.VALID, index.get("new-test/20270101T000000.000Z").verdict());
    assertNull(index.get(ids.get(1)), "removed");
    assertTrue(index.get(ids.get(0)).complete(), "cached");
    assertEquals(Verdict.CRASHED, index.get(ids.get(2)).verdict(), "a recent results.json is read again");
  }

  @Test
  void doesNotFollowTheLatestSymlink() throws Exception {
    List<String> ids = SampleBundles.summaries(results, 3, 5);
    Files.createSymbolicLink(results.resolve("latest"), Path.of(ids.get(2)));
    assertEquals(3, new BundleIndex(results).refresh().size());
  }

  private static boolean isSorted(List<BundleSummary> rows, Comparator<BundleSummary> c) {
    for (int i = 1; i < rows.size(); i++) {
      if (c.compare(rows.get(i - 1), rows.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }
}
