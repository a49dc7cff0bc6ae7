package io.gauntlet.nemesis;

import java.io.IOException;

/**
 * Per-link faults through a proxy on every directed peer link (Toxiproxy): what one node sends to
 * another can be delayed, throttled, cut, reset or sliced without touching any other link or the
 * opposite direction. Supplied by the control node when the cluster runs its links through proxies.
 */
public interface LinkToxics {
  /**
   * The clients' end of a client link: {@code add(CLIENTS, n, t)} hits what the clients send to node
   * n, {@code add(n, CLIENTS, t)} what n answers them (when {@link #clientLinks()} says they are
   * proxied).
   */
  String CLIENTS = "clients";

  /** One toxic, with Toxiproxy's attributes. */
  record Toxic(Kind kind, long a, long b) {
    public enum Kind {
      /** a = latency ms, b = jitter ms. */
      LATENCY,
      /** a = KB/s. */
      BANDWIDTH,
      /** a = ms before the connection is closed (0: data held forever, a black hole). */
      TIMEOUT,
      /** a = ms before the connection is reset (TCP RST). */
      RESET_PEER,
      /** a = average slice bytes, b = delay between slices in microseconds. */
      SLICER
    }

    public String describe() {
      return switch (kind) {
        case LATENCY -> "latency " + a + " ms +- " + b + " ms";
        case BANDWIDTH -> "bandwidth " + a + " KB/s";
        case TIMEOUT -> a == 0 ? "black hole" : "timeout after " + a + " ms";
        case RESET_PEER -> "reset after " + a + " ms";
        case SLICER -> "slices of ~" + a + " bytes every " + b + " us";
      };
    }
  }

  /** Adds {@code toxic} to everything {@code from} sends to {@code to}. */
  void add(String from, String to, Toxic toxic) throws IOException;

  /** Whether client traffic goes through proxies too, so {@link #CLIENTS} links take toxics. */
  default boolean clientLinks() {
    return false;
  }

  /** Removes every toxic from the link {@code from} -> {@code to}. */
  void clear(String from, String to) throws IOException;

  /** Removes every toxic from every link. */
  void clearAll() throws IOException;
}
