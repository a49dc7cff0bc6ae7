package io.gauntlet.control.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The read-only web server over a results folder, on the JDK's own HTTP server (see
 * docs/decisions.md). GET and HEAD only; every path from a URL goes through {@link PathConfinement}.
 *
 * <pre>
 * /                          the index (query: q, verdict, workload, nemesis, sort, order, page, size)
 * /bundle/TEST/STAMP         a bundle
 * /file/TEST/STAMP/PATH      a file of a bundle, as is
 * /log/TEST/STAMP/PATH       a log with the faults marked
 * /zip/TEST/STAMP            the bundle as a zip
 * /campaigns, /campaign/NAME campaigns and one campaign's matrix
 * /compare?id=A&amp;id=B         two bundles side by side
 * /api/live                  the running tests' progress (JSON)
 * </pre>
 */
public final class ResultsServer implements AutoCloseable {
  static {
    // Headers and body go out in two writes; with Nagle on, the second waits for the client's
    // delayed ACK, adding ~40 ms to every page. Read once, when the JDK server is first created.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final Path results;
  private final boolean loopback;
  private final PathConfinement confinement;
  private final BundleIndex index;
  private final HttpServer http;
  private final ExecutorService pool;

  public ResultsServer(Path results, String host, int port) throws IOException {
    this.results = results.toAbsolutePath().normalize();
    this.confinement = new PathConfinement(this.results);
    this.index = new BundleIndex(this.results);
    InetSocketAddress address = new InetSocketAddress(host, port);
    this.loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
    this.http = HttpServer.create(address, 64);
    this.pool = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "serve");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(pool);
    http.createContext("/", this::handle);
  }

  public ResultsServer start() {
    http.start();
    return this;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public BundleIndex index() {
    return index;
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        Http.send(ex, 405, "text/plain", "read-only: GET and HEAD only\n");
        return;
      }
      if (loopback && !Http.localHost(ex.getRequestHeaders().getFirst("Host"))) {
        // DNS rebinding: a web page elsewhere whose name now resolves to 127.0.0.1 would otherwise
        // read every bundle through the visitor's browser. A loopback server answers loopback names only.
        Http.send(ex, 403, "text/plain", "this server answers requests to localhost, 127.0.0.1 or [::1] only\n");
        return;
      }
      route(ex, ex.getRequestURI().getPath(), Http.query(ex.getRequestURI().getRawQuery()));
    } catch (RuntimeException | IOException e) {
      try {
        Http.send(ex, 500, "text/html", Html.page("Error", "<pre>" + Html.esc(e.toString()) + "</pre>"));
      } catch (IOException | RuntimeException ignored) {
        // the response was already under way; the client sees a cut-off reply
      }
    }
  }

  private void route(HttpExchange ex, String path, Map<String, List<String>> q) throws IOException {
    if (path.equals("/")) {
      long t0 = System.nanoTime();
      IndexQuery.Page page = index.query(IndexQuery.of(q));
      Http.send(ex, 200, "text/html", IndexPage.render(page, (System.nanoTime() - t0) / 1e6));
    } else if (path.equals("/latest")) {
      latest(ex);
    } else if (path.equals("/api/live")) {
      Http.send(ex, 200, "application/json", live());
    } else if (path.equals("/campaigns")) {
      Http.send(ex, 200, "text/html", CampaignPage.list(results, confinement));
    } else if (path.startsWith("/campaign/")) {
      campaign(ex, path.substring("/campaign/".length()));
    } else if (path.equals("/compare")) {
      compare(ex, q.getOrDefault("id", List.of()));
    } else if (path.startsWith("/bundle/")) {
      String id = strip(path.substring("/bundle/".length()));
      Optional<Path> dir = bundle(id);
      if (dir.isEmpty()) {
        notFound(ex, "no bundle " + id);
        return;
      }
      Http.send(ex, 200, "text/html", BundlePage.render(BundleSummary.read(id, dir.get(), System.currentTimeMillis()), dir.get(), confinement));
    } else if (path.startsWith("/zip/")) {
      zip(ex, strip(path.substring("/zip/".length())));
    } else if (path.startsWith("/file/") || path.startsWith("/log/")) {
      file(ex, path);
    } else {
      notFound(ex, "nothing at " + path);
    }
  }

  /**
   * The folder of bundle {@code id} ({@code test/stamp}: exactly two segments, neither a symlink,
   * as the index lists them), if it exists inside the results; so {@code latest/nodes} is no bundle.
   */
  private Optional<Path> bundle(String id) {
    String[] parts = id.split("/", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    return confinement.resolve(id).filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
        && Files.isDirectory(p.getParent(), LinkOption.NOFOLLOW_LINKS));
  }

  private void file(HttpExchange ex, String path) throws IOException {
    boolean log = path.startsWith("/log/");
    String rel = path.substring(log ? "/log/".length() : "/file/".length());
    String[] parts = rel.split("/", 3);
    Optional<Path> dir = parts.length == 3 ? bundle(parts[0] + "/" + parts[1]) : Optional.empty();
    Optional<Path> file = dir.isEmpty() ? Optional.empty() : confinement.resolve(rel).filter(confinement::servable);
    if (file.isEmpty()) {
      notFound(ex, "no file " + rel + " in a bundle (or it lies outside the results folder)");
      return;
    }
    if (log) {
      Http.send(ex, 200, "text/html", LogPage.render(rel, file.get(), dir.get().resolve("control.log"), "/file/" + Html.path(rel)));
      return;
    }
    String type = Http.contentType(file.get().getFileName().toString());
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (type.startsWith("text/html") || type.startsWith("image/svg")) {
      ex.getResponseHeaders().set("Content-Security-Policy", Http.FILE_CSP);
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", String.valueOf(Files.size(file.get())));
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, Files.size(file.get()));
    try (OutputStream out = ex.getResponseBody()) {
      Files.copy(file.get(), out);
    }
  }

  /** Redirects to the bundle results/latest points at (the newest test's). */
  private void latest(HttpExchange ex) throws IOException {
    Optional<Path> latest = confinement.resolve("latest");
    Path real = latest.isEmpty() ? null : latest.get().toRealPath();
    Path root = results.toRealPath();
    if (real == null || !real.startsWith(root) || root.relativize(real).getNameCount() != 2) {
      notFound(ex, "results/latest does not point at a bundle (no test has run yet?)");
      return;
    }
    ex.getResponseHeaders().set("Location", "/bundle/" + Html.path(root.relativize(real).toString().replace('\\', '/')));
    Http.send(ex, 302, "text/plain", "see the latest bundle\n");
  }

  private void zip(HttpExchange ex, String id) throws IOException {
    Optional<Path> dir = bundle(id);
    if (dir.isEmpty()) {
      notFound(ex, "no bundle " + id);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/zip");
    ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + ZipDownload.fileName(id) + "\"");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, 0); // chunked: the zip is built while it is sent
    try (OutputStream out = ex.getResponseBody()) {
      ZipDownload.write(id, dir.get(), confinement, out);
    }
  }

  private void campaign(HttpExchange ex, String name) throws IOException {
    Optional<Path> f = PathConfinement.wellFormed(name) && !name.contains("/")
        ? confinement.resolve(Campaign.file(name)) : Optional.empty();
    if (f.isEmpty()) {
      notFound(ex, "no campaign " + name);
      return;
    }
    var json = BundleSummary.readOrNull(f.get());
    if (json == null) {
      notFound(ex, "the record of campaign " + name + " is not readable JSON");
      return;
    }
    index.refresh(); // so the cells show each bundle's current verdict
    Http.send(ex, 200, "text/html", CampaignPage.matrix(Campaign.of(name, json, results), index));
  }

  private void compare(HttpExchange ex, List<String> ids) throws IOException {
    if (ids.size() != 2) {
      Http.send(ex, 400, "text/html", Html.page("Compare", "<p>pick exactly two bundles to compare (got " + ids.size()
          + "); <a href=\"/\">back to the index</a></p>"));
      return;
    }
    Optional<Path> a = bundle(ids.get(0));
    Optional<Path> b = bundle(ids.get(1));
    if (a.isEmpty() || b.isEmpty()) {
      notFound(ex, "no bundle " + (a.isEmpty() ? ids.get(0) : ids.get(1)));
      return;
    }
    long now = System.currentTimeMillis();
    Http.send(ex, 200, "text/html", ComparePage.render(BundleSummary.read(ids.get(0), a.get(), now), a.get(),
        BundleSummary.read(ids.get(1), b.get(), now), b.get()));
  }

  private String live() throws IOException {
    ArrayNode out = BundleSummary.JSON.createArrayNode();
    for (BundleSummary s : index.refresh()) {
      if (s.live() != null) {
        LiveStatus l = s.live();
        out.addObject().put("id", s.id()).put("test", s.test()).put("elapsed", l.elapsedSeconds())
            .put("limit", l.limitSeconds()).put("ok", l.ok()).put("fail", l.fail()).put("info", l.info())
            .put("fault", l.fault()).put("phase", s.reason());
      }
    }
    return out.toString();
  }

  private void notFound(HttpExchange ex, String why) throws IOException {
    Http.send(ex, 404, "text/html", Html.page("Not found", "<p>" + Html.esc(why) + "</p>"));
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
