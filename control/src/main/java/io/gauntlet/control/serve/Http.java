package io.gauntlet.control.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTTP plumbing of {@link ResultsServer}: sending a page with its headers, queries, types, the Host check. */
final class Http {
  private Http() {}

  /** Our own pages load nothing from elsewhere: the page works offline, and injected markup cannot phone home. */
  private static final String PAGE_CSP = "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
      + "img-src 'self'; frame-src 'self'; connect-src 'self'";
  /** A bundle's own HTML (timeline, linear.html) runs in a sandbox: its scripts run, but not as this site. */
  static final String FILE_CSP = "sandbox allow-scripts; default-src 'self' 'unsafe-inline' data:";

  static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (type.equals("text/html")) {
      ex.getResponseHeaders().set("Content-Security-Policy", PAGE_CSP);
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", String.valueOf(bytes.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  /** Whether a Host header names this machine's loopback ({@code localhost}, {@code 127.x}, {@code [::1]}), any port. */
  static boolean localHost(String host) {
    if (host == null) {
      return true; // HTTP/1.0 without Host: not from a browser that follows DNS names
    }
    String h = host.toLowerCase(Locale.ROOT);
    String name = h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1) : h.contains(":") ? h.substring(0, h.indexOf(':')) : h;
    return name.equals("localhost") || name.equals("[::1]") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a malformed %-escape: taken literally
    }
  }

  static String contentType(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (n.endsWith(".png")) {
      return "image/png";
    } else if (n.endsWith(".svg")) {
      return "image/svg+xml";
    } else if (n.endsWith(".json")) {
      return "application/json; charset=utf-8";
    }
    return "text/plain; charset=utf-8"; // logs, history.jsonl, history.edn: shown, never run
  }
}
