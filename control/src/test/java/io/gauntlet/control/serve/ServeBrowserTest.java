package io.gauntlet.control.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages in a real browser: an index of a few hundred bundles, filtered to the invalid ones,
 * one of them opened (its plots decoded, its timeline drawn, its text there), its zip followed.
 */
class ServeBrowserTest {
  @TempDir static Path tmp;
  static ResultsServer server;
  static String base;
  static String invalid;

  @BeforeAll
  static void serve() throws Exception {
    Path results = tmp.resolve("results");
    SampleBundles.summaries(results, 300, 11);
    invalid = SampleBundles.full(results, "kv-kill-local", Instant.parse("2026-03-01T10:00:00Z"), true);
    server = new ResultsServer(results, "127.0.0.1", 0).start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void indexFilterBundleTimelineAndZip() throws Exception {
    HeadlessChromium browser = Browser.find(tmp);
    String index = browser.dom(base + "/");
    assertEquals(50, count(index, "<tr data-id="), "a page of 50 rows");
    assertTrue(index.contains("301 of 301 bundles"), "the count line");
    assertTrue(index.indexOf(invalid) < index.indexOf("<tr data-id=\"kv-none-local"), "newest first");

    // The URL the filter form submits with "invalid" chosen and 500 rows a page (empty fields included).
    String filtered = browser.dom(base + "/?q=&verdict=invalid&workload=&nemesis=&sort=start&order=desc&size=500");
    int rows = count(filtered, "<tr data-id=");
    assertEquals(25, rows, "the 24 generated invalid ones (every 10th, but not the 50th: unknown or crashed) and the full one");
    assertEquals(rows, count(filtered, "data-verdict=\"invalid\""), "only invalid rows");

    Matcher link = Pattern.compile("href=\"(/bundle/kv-kill-local/[^\"]+)\"").matcher(filtered);
    assertTrue(link.find(), "a link to the full bundle");
    String bundleUrl = base + link.group(1);
    String bundle = browser.dom(bundleUrl);
    assertTrue(bundle.contains("data-plots=\"3\"") && bundle.contains("data-plots-loaded=\"3\""),
        "the three plots decoded: " + bundle.substring(0, Math.min(400, bundle.length())));
    assertTrue(bundle.matches("(?s).*data-load-ms=\"\\d+\".*"), "the load time is marked");
    for (String text : List.of("not linearizable at key k0", "bin/gauntlet test --workload kv", "killed n2", "timeline.html")) {
      assertTrue(bundle.contains(text), text);
    }
    BufferedImage page = Browser.screenshot(browser, bundleUrl, 1200, 2000);
    Browser.assertNotBlank(page, "the bundle page");
    BufferedImage timeline = Browser.screenshot(browser, base + "/file/" + invalid + "/timeline.html", 1200, 700);
    Browser.assertNotBlank(timeline, "timeline.html");
    BufferedImage linear = Browser.screenshot(browser, base + "/file/" + invalid + "/linear.html", 1000, 700);
    Browser.assertNotBlank(linear, "linear.html");

    Matcher zip = Pattern.compile("<a id=\"zip\" href=\"([^\"]+)\"").matcher(bundle);
    assertTrue(zip.find(), "the zip link");
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + zip.group(1))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    List<String> names = new ArrayList<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    assertTrue(names.contains(invalid + "/timeline.html") && names.contains(invalid + "/nodes/n1/node.log"), names.toString());
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
