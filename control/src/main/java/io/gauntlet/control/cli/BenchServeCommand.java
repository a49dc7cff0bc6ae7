package io.gauntlet.control.cli;

import io.gauntlet.control.serve.HeadlessChromium;
import io.gauntlet.control.serve.ResultsServer;
import io.gauntlet.control.serve.SampleBundles;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code gauntlet bench serve}: the response time of {@code gauntlet serve}'s index over many
 * bundles, and a bundle page's load time in headless Chromium. Generates {@code --bundles} bundles
 * (summaries only, as the index reads them) and one full bundle in a temporary folder, serves them
 * on a free loopback port, and times over HTTP: the first (cold) index request, which reads every
 * summary, against the warm ones (median, p95 and max of --requests each, after --warmup untimed
 * rounds) for the default page, a verdict filter, a sort with a later page, and a text search.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Time `gauntlet serve`: the index over --bundles generated bundles, cold and warm, and a bundle page's "
        + "load in headless Chromium (when installed).")
final class BenchServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandSpec spec;

  @Option(names = "--bundles", defaultValue = "10000", description = "generated bundles (default ${DEFAULT-VALUE})")
  int bundles;

  @Option(names = "--requests", defaultValue = "50", description = "timed warm requests of each kind (default ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--warmup", defaultValue = "20",
      description = "untimed requests of each kind after the cold one, so the JIT has compiled the path (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--loads", defaultValue = "5", description = "bundle page loads in Chromium (default ${DEFAULT-VALUE}; 0 skips)")
  int loads;

  private static final List<String[]> QUERIES = List.of(
      new String[] {"default page (newest first)", "/"},
      new String[] {"filter verdict=invalid", "/?verdict=invalid"},
      new String[] {"sort by ops, page 7", "/?sort=ops&order=asc&page=7"},
      new String[] {"text search + workload", "/?q=did+not+start&workload=kv"});

  @Override
  public Integer call() throws Exception {
    if (bundles < 1 || requests < 1 || loads < 0 || warmup < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--bundles and --requests must be >= 1, --loads and --warmup >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("gauntlet-bench-serve-");
    try {
      Path results = dir.resolve("results");
      long g0 = System.nanoTime();
      SampleBundles.summaries(results, bundles, 1);
      String full = SampleBundles.full(results, "kv-kill-local", Instant.parse("2027-01-01T00:00:00Z"), true);
      out.printf(Locale.ROOT, "generated %d bundles (+1 full) in %.1f s under %s%n", bundles, (System.nanoTime() - g0) / 1e9, results);
      out.flush();
      try (ResultsServer server = new ResultsServer(results, "127.0.0.1", 0).start()) {
        String base = "http://127.0.0.1:" + server.port();
        HttpClient client = HttpClient.newHttpClient();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"request", "bundles", "median ms", "p95 ms", "max ms", "bytes"});
        double cold = time(client, base + "/")[0];
        rows.add(new String[] {"index, cold (first request: reads every summary)", String.valueOf(bundles + 1),
            fmt(cold), "-", "-", "-"});
        for (int i = 0; i < warmup; i++) {
          for (String[] q : QUERIES) {
            time(client, base + q[1]);
          }
        }
        for (String[] q : QUERIES) {
          double[] ms = new double[requests];
          long bytes = 0;
          for (int i = 0; i < requests; i++) {
            double[] t = time(client, base + q[1]);
            ms[i] = t[0];
            bytes = (long) t[1];
          }
          Arrays.sort(ms);
          rows.add(new String[] {"index, warm: " + q[0], String.valueOf(bundles + 1), fmt(ms[requests / 2]),
              fmt(ms[Math.min(requests - 1, (int) Math.ceil(0.95 * requests) - 1)]), fmt(ms[requests - 1]), String.valueOf(bytes)});
        }
        rows.add(new String[] {"bundle page, warm (server side)", "1", fmt(median(client, base + "/bundle/" + full)), "-", "-", "-"});
        Tables.print(out, rows);
        browser(out, dir, base + "/bundle/" + full);
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  /** The bundle page's load time in Chromium: navigation start to the load event, plots and frames included. */
  private void browser(PrintWriter out, Path dir, String url) throws Exception {
    if (loads == 0) {
      return;
    }
    var chromium = HeadlessChromium.find(Files.createDirectories(dir.resolve("chromium")));
    if (chromium.isEmpty()) {
      out.println("bundle page in Chromium: skipped, chromium is not on PATH (apt-get install chromium)");
      return;
    }
    double[] ms = new double[loads];
    double[] wall = new double[loads];
    Pattern mark = Pattern.compile("data-load-ms=\"(\\d+)\"");
    for (int i = 0; i < loads; i++) {
      long t0 = System.nanoTime();
      String dom = chromium.get().dom(url);
      wall[i] = (System.nanoTime() - t0) / 1e6;
      Matcher m = mark.matcher(dom);
      if (!m.find()) {
        throw new IllegalStateException("the bundle page did not mark its load time; the DOM begins: "
            + dom.substring(0, Math.min(300, dom.length())));
      }
      ms[i] = Double.parseDouble(m.group(1));
    }
    Arrays.sort(ms);
    Arrays.sort(wall);
    out.printf(Locale.ROOT, "bundle page in headless Chromium (3 plots, timeline and linear.html frames): load event at %s ms "
        + "(median of %d; min %s, max %s); whole chromium process %s ms%n", fmt(ms[loads / 2]), loads, fmt(ms[0]),
        fmt(ms[loads - 1]), fmt(wall[loads / 2]));
    out.flush();
  }

  /** One GET: milliseconds and body bytes; fails on a status other than 200. */
  private static double[] time(HttpClient client, String url) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    double ms = (System.nanoTime() - t0) / 1e6;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return new double[] {ms, r.body().length};
  }

  private double median(HttpClient client, String url) throws Exception {
    double[] ms = new double[Math.min(requests, 20)];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = time(client, url)[0];
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.1f", ms);
  }
}
