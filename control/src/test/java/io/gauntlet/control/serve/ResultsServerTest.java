package io.gauntlet.control.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.control.testbed.CampaignRecord;
import io.gauntlet.control.testbed.SoakSummary;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over HTTP: pages, escaping, confinement, read-only, zip, campaigns, compare, live. */
class ResultsServerTest {
  @TempDir Path tmp;
  Path results;
  ResultsServer server;
  String invalid;
  String valid;
  final HttpClient client = HttpClient.newHttpClient();

  @TempDir static Path template;

  /** Two full bundles, drawn once (plots take a while) and copied for each test, which may change them. */
  @BeforeAll
  static void drawBundles() throws Exception {
    SampleBundles.full(template, "kv-kill-local", Instant.parse("2026-03-01T10:00:00Z"), true);
    SampleBundles.full(template, "kv-kill-local", Instant.parse("2026-03-01T11:00:00Z"), false);
  }

  @BeforeEach
  void setUp() throws Exception {
    results = tmp.resolve("results");
    try (var files = Files.walk(template)) {
      for (Path p : files.toList()) {
        Path to = results.resolve(template.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    invalid = "kv-kill-local/20260301T100000.000Z";
    valid = "kv-kill-local/20260301T110000.000Z";
    server = new ResultsServer(results, "127.0.0.1", 0).start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request sent as raw bytes, so no client library normalizes the path first. */
  String raw(String requestLine) throws Exception {
    return raw(requestLine, "127.0.0.1:" + server.port());
  }

  String raw(String requestLine, String host) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write((requestLine + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void indexListsBundlesNewestFirst() throws Exception {
    HttpResponse<String> r = get("/");
    assertEquals(200, r.statusCode());
    String body = r.body();
    assertTrue(body.indexOf(valid) < body.indexOf(invalid), "newest first");
    assertTrue(body.contains("v-invalid") && body.contains("v-valid"));
    assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    assertTrue(body.matches("(?s).*2 bundles indexed; rows found in [0-9.]+ ms.*"), "the page time");
  }

  @Test
  void latestRedirectsToTheNewestBundle() throws Exception {
    assertEquals(404, get("/latest").statusCode(), "no results/latest yet");
    Files.createSymbolicLink(results.resolve("latest"), Path.of(valid));
    HttpResponse<String> r = get("/latest");
    assertEquals(302, r.statusCode());
    assertEquals("/bundle/" + valid, r.headers().firstValue("Location").orElse(""));
    assertEquals(404, get("/bundle/latest/nodes").statusCode(), "through the symlink: not a bundle the index lists");
  }

  @Test
  void bundleDataIsEscapedEverywhere() throws Exception {
    Path evil = Files.createDirectories(results.resolve("evil/20260401T000000.000Z"));
    Files.writeString(evil.resolve("results.json"), "{\"valid\":\"crashed\",\"error\":\"<script>alert(1)</script>\"}");
    Files.writeString(evil.resolve("test.json"), "{\"workload\":\"<img src=x onerror=alert(2)>\",\"nemesis\":[\"<b>\"],"
        + "\"command\":\"bin/gauntlet test </pre><script>alert(3)</script>\"}");
    Files.writeString(evil.resolve("control.log"), "2026-04-01T00:00:01.000Z INFO  [nemesis] test: nemesis <script>alert(4)</script>\n");
    Files.writeString(evil.resolve("node.log"), "2026-04-01T00:00:01.500Z INFO <script>alert(5)</script>\n");
    for (String page : List.of("/", "/?q=%3Cscript%3E", "/bundle/evil/20260401T000000.000Z",
        "/log/evil/20260401T000000.000Z/node.log", "/compare?id=evil/20260401T000000.000Z&id=" + valid)) {
      String body = get(page).body();
      assertFalse(body.contains("<script>alert"), page + " carries markup from the bundle:\n" + body);
      assertFalse(body.contains("<img src=x"), page);
    }
    String log = get("/log/evil/20260401T000000.000Z/node.log").body();
    assertTrue(log.contains("&lt;script&gt;alert(5)&lt;/script&gt;"), log);
    assertTrue(log.contains("class=near"), "the line 0.5 s after the fault is marked");
  }

  @Test
  void logsMarkTheLinesAroundEachFault() throws Exception {
    String log = get("/log/" + invalid + "/nodes/n1/node.log").body();
    assertTrue(log.contains("id=\"fault-0\"") && log.contains("start-kill killed n2"), log);
    assertTrue(log.contains("id=\"fault-1\"") && log.contains("stop-kill restarted n2"));
    long near = log.split("class=near", -1).length - 1;
    assertEquals(41, near, "lines within 1 s of the faults at 2 s and 4 s, 100 ms apart: 21 each, the one at 3 s shared");
  }

  @Test
  void pathsAreConfinedToTheResultsFolder() throws Exception {
    Files.writeString(tmp.resolve("secret.txt"), "SECRET");
    Path dir = results.resolve(invalid);
    Files.createSymbolicLink(dir.resolve("leak.txt"), tmp.resolve("secret.txt"));
    for (String path : List.of("/file/" + invalid + "/../../../secret.txt", "/file/" + invalid + "/%2e%2e/%2e%2e/../secret.txt",
        "/file/" + invalid + "/leak.txt", "/log/" + invalid + "/leak.txt", "/bundle/../secret.txt", "/zip/../results")) {
      String reply = raw("GET " + path + " HTTP/1.1");
      assertTrue(reply.startsWith("HTTP/1.1 404"), path + " -> " + reply.lines().findFirst().orElse(""));
      assertFalse(reply.contains("SECRET"), path);
    }
    assertEquals(200, get("/file/" + invalid + "/results.json").statusCode());
    List<String> zipped = zipEntries(invalid);
    assertFalse(zipped.contains(invalid + "/leak.txt"), "the escaping symlink stays out of the zip: " + zipped);
  }

  @Test
  void aBrokenBundleIsARowAndAPageNotAnError() throws Exception {
    Path corrupt = Files.createDirectories(results.resolve("kv-kill-local/20260401T000000.000Z"));
    Files.writeString(corrupt.resolve("results.json"), "{\"valid\": \"true\", \"stats\": {");
    Files.writeString(corrupt.resolve("test.json"), "not json either");
    Files.createDirectories(results.resolve("kv-kill-local/20260402T000000.000Z")); // an empty folder
    String index = get("/").body();
    assertTrue(index.contains("results.json is not valid JSON"), index);
    assertTrue(index.contains("no results.json"), index);
    assertTrue(index.contains(valid) && index.contains(invalid), "the other bundles still list");
    HttpResponse<String> page = get("/bundle/kv-kill-local/20260401T000000.000Z");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("v-incomplete") && page.body().contains("no readable results.json"), page.body());
    assertEquals(200, get("/bundle/kv-kill-local/20260402T000000.000Z").statusCode());
    assertEquals(200, get("/compare?id=kv-kill-local/20260401T000000.000Z&id=kv-kill-local/20260402T000000.000Z").statusCode());
  }

  @Test
  void answersLoopbackNamesOnlyAgainstDnsRebinding() throws Exception {
    assertTrue(raw("GET / HTTP/1.1", "evil.example:" + server.port()).startsWith("HTTP/1.1 403"));
    assertTrue(raw("GET /zip/" + invalid + " HTTP/1.1", "127.0.0.1.evil.example").startsWith("HTTP/1.1 403"));
    for (String host : List.of("localhost:" + server.port(), "127.0.0.1", "[::1]:" + server.port(), "LOCALHOST")) {
      assertTrue(raw("GET / HTTP/1.1", host).startsWith("HTTP/1.1 200"), host);
    }
  }

  @Test
  void aRunningBundlesPageShowsAndRefreshesItsProgress() throws Exception {
    running();
    String b = get("/bundle/kv-pause-local/20260501T000000.000Z").body();
    assertTrue(b.contains("v-running"), b);
    assertTrue(b.contains("<p id=progress data-id=\"kv-pause-local/20260501T000000.000Z\">running: 3 s of 60 s, ok 5, fail 1"), b);
    assertTrue(b.contains("fault: pause n1") && b.contains("fetch('/api/live')"), b);
  }

  @Test
  void aSimulatorSoaksFailingSeedListsWithItsReplayCommand() throws Exception {
    Path seed = Files.createDirectories(results.resolve("sim-kvraft/seed-17"));
    Files.writeString(seed.resolve("results.json"), "{\"valid\":false,\"checker\":\"wgl\",\"model\":\"kv\",\"ops\":120,"
        + "\"keys\":[{\"key\":\"k1\",\"valid\":false}],\"violation\":{\"key\":\"k1\"}}");
    String index = get("/?verdict=invalid").body();
    assertTrue(index.contains("sim-kvraft/seed-17") && index.contains("not linearizable (key k1)"), index);
    String page = get("/bundle/sim-kvraft/seed-17").body();
    assertTrue(page.contains("<pre id=command>bin/gauntlet sim kvraft --seed 17 --trace</pre>"), page);
    assertTrue(page.contains("not linearizable at key k1"), page);
  }

  @Test
  void onlyGetAndHead() throws Exception {
    for (String m : List.of("POST", "PUT", "DELETE")) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
          .method(m, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, r.statusCode(), m);
      assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""));
    }
    HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
  }

  @Test
  void zipHoldsTheWholeBundle() throws Exception {
    List<String> names = zipEntries(invalid);
    for (String f : List.of("results.json", "test.json", "history.jsonl", "timeline.html", "linear.html", "latency-raw.png",
        "control.log", "nodes/n1/node.log")) {
      assertTrue(names.contains(invalid + "/" + f), f + " in " + names);
    }
    assertEquals(BundlePage.list(results.resolve(invalid)).size(), names.size());
  }

  @Test
  void bundlePageShowsCheckersCommandPlotsTimelineScheduleAndLogs() throws Exception {
    String b = get("/bundle/" + invalid).body();
    for (String s : List.of("id=checkers", "linearizable", "not linearizable at key k0", "id=command", "bin/gauntlet test --workload kv",
        "latency-raw.png", "id=\"timeline\"", "id=\"linear\"", "id=schedule", "killed n2", "/log/" + invalid + "/nodes/n2/node.log",
        "/zip/" + invalid)) {
      assertTrue(b.contains(s), s + " missing from the bundle page");
    }
    assertEquals(404, get("/bundle/kv-kill-local/nope").statusCode());
    assertEquals(404, get("/bundle/kv-kill-local").statusCode());
  }

  @Test
  void campaignMatrixWithTotalsAndTheFirstFailingBundle() throws Exception {
    CampaignRecord c = new CampaignRecord(results, "test-all", "bin/gauntlet test-all --nemeses kill;none");
    c.add("kv", "kill", "gauntlet", 1, "valid", results.resolve(valid));
    c.add("kv", "kill", "gauntlet", 2, "invalid", results.resolve(invalid));
    c.add("kv", "none", "gauntlet", 3, "crashed", null);
    c.finish();
    String list = get("/campaigns").body();
    assertTrue(list.contains("test-all") && list.contains("/campaign/"), list);
    String name = list.replaceAll("(?s).*href=\"/campaign/([^\"]+)\".*", "$1");
    String m = get("/campaign/" + name).body();
    assertTrue(m.contains("id=matrix"), m);
    assertTrue(m.contains("1 valid, 1 invalid"), "the kv x kill cell: " + m);
    assertTrue(m.contains("href=\"/bundle/" + invalid + "\">first failing"), m);
    assertTrue(m.contains("1 valid, 1 invalid, 1 crashed"), "the grand total: " + m);
    assertEquals(404, get("/campaign/..%2Fkv-kill-local").statusCode());
  }

  @Test
  void aSoakIsACampaignWithItsSystemsSideBySide() throws Exception {
    SoakSummary soak = new SoakSummary(results, 0.5, "bin/gauntlet soak --hours 0.5 --matrix m.json");
    soak.add(new SoakSummary.Campaign(1, "kv", "kill", "gauntlet", 1, "valid", 600, 100, 5, 6, soak.link(results.resolve(valid)),
        null, "bin/gauntlet test ..."));
    soak.add(new SoakSummary.Campaign(2, "kv", "kill", "etcd", 2, "invalid", 600, 100, 5, 6, soak.link(results.resolve(invalid)),
        null, "bin/gauntlet test ..."));
    soak.add(new SoakSummary.Campaign(3, "kv", "pause", "etcd", 3, "crashed", 0, 0, 0, 0, null, "cluster never came up", "x"));
    soak.finish("finished");
    String name = soak.dir().getFileName().toString();
    String list = get("/campaigns").body();
    assertTrue(list.contains("href=\"/campaign/" + name + "\"") && list.contains("<td>soak</td>"), list);
    String m = get("/campaign/" + name).body();
    assertTrue(m.contains("<th>kv / gauntlet</th>") && m.contains("<th>kv / etcd</th>"), m);
    assertTrue(m.contains("href=\"/bundle/" + invalid + "\">first failing"), "the soak's relative bundle link, resolved: " + m);
    assertTrue(m.contains("1 valid, 1 invalid, 1 crashed"), "the grand total: " + m);
  }

  @Test
  void compareShowsDifferingOptionsAndLatencyQuantiles() throws Exception {
    Path a = results.resolve(valid).resolve("test.json");
    Files.writeString(a, Files.readString(a).replace("\"concurrency\" : 10", "\"concurrency\" : 20"));
    String c = get("/compare?id=" + valid + "&id=" + invalid).body();
    assertTrue(c.contains("<tr class=diff><th>concurrency</th><td>20</td><td>10</td></tr>"), c);
    assertTrue(c.contains("<tr><th>workload</th><td>kv</td><td>kv</td></tr>"), "equal options are not marked");
    assertTrue(c.contains("<td>p99</td>") && c.contains("<td>max</td>"), c);
    assertEquals(400, get("/compare?id=" + valid).statusCode());
  }

  @Test
  void liveListsRunningTests() throws Exception {
    running();
    String live = get("/api/live").body();
    assertTrue(live.contains("\"id\":\"kv-pause-local/20260501T000000.000Z\"") && live.contains("\"fault\":\"pause n1\""), live);
    assertTrue(get("/?verdict=running").body().contains("kv-pause-local"));
  }

  /** A test 3 s into its run, live.json just written, no results yet. */
  private void running() throws Exception {
    Path run = Files.createDirectories(results.resolve("kv-pause-local/20260501T000000.000Z"));
    Files.writeString(run.resolve("live.json"), "{\"elapsed-s\":3,\"time-limit-s\":60,\"ok\":5,\"fail\":1,\"info\":0,"
        + "\"fault\":\"pause n1\",\"finished\":false,\"updated\":" + System.currentTimeMillis() + "}");
  }

  private List<String> zipEntries(String id) throws Exception {
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/zip/" + id)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(""));
    List<String> names = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(r.body()); ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    return names;
  }
}
