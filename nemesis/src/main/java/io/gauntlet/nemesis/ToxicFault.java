package io.gauntlet.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A Toxiproxy toxic on chosen links: all peer links into one node, all out of one node, a random set
 * of directed peer links, or (when clients are proxied) one node's client link both ways, so its
 * clients' calls time out and are retried while the node itself is healthy; shape, node and
 * parameters drawn from the seed.
 */
public final class ToxicFault implements Fault {
  private final LinkToxics.Toxic.Kind kind;
  private final String family;
  private final List<String[]> applied = new ArrayList<>();

  public ToxicFault(LinkToxics.Toxic.Kind kind, String family) {
    this.kind = kind;
    this.family = family;
  }

  @Override
  public String name() {
    return family;
  }

  @Override
  public String family() {
    return family;
  }

  private LinkToxics.Toxic draw(RandomGenerator r) {
    return switch (kind) {
      case LATENCY -> new LinkToxics.Toxic(kind, 20 + 20L * r.nextInt(10), 10L * r.nextInt(6)); // 20-200 ms +- 0-50
      case BANDWIDTH -> new LinkToxics.Toxic(kind, 1 + r.nextInt(64), 0);                      // 1-64 KB/s
      case TIMEOUT -> new LinkToxics.Toxic(kind, r.nextInt(2) == 0 ? 0 : 100 + 100L * r.nextInt(10), 0);
      case RESET_PEER -> new LinkToxics.Toxic(kind, 10L * r.nextInt(50), 0);
      case SLICER -> new LinkToxics.Toxic(kind, 1 + r.nextInt(64), 10 + 100L * r.nextInt(10));
    };
  }

  @Override
  public String start(NodeShell shell, RandomGenerator random) throws IOException {
    LinkToxics links = shell.links().orElseThrow(() -> new IOException(family + " needs proxied links (Toxiproxy)"));
    LinkToxics.Toxic toxic = draw(random);
    List<String> nodes = shell.nodes();
    String node = nodes.get(random.nextInt(nodes.size()));
    int shape = random.nextInt(links.clientLinks() ? 4 : 3);
    List<String[]> chosen = new ArrayList<>();
    if (shape == 3) {
      chosen.add(new String[] {LinkToxics.CLIENTS, node});
      chosen.add(new String[] {node, LinkToxics.CLIENTS});
    }
    for (String a : shape == 3 ? List.<String>of() : nodes) {
      for (String b : nodes) {
        if (a.equals(b)) {
          continue;
        }
        boolean pick = switch (shape) {
          case 0 -> b.equals(node);          // everything into one node
          case 1 -> a.equals(node);          // everything out of one node
          default -> random.nextInt(3) == 0; // a random third of the directed links
        };
        if (pick) {
          chosen.add(new String[] {a, b});
        }
      }
    }
    if (chosen.isEmpty()) {
      chosen.add(new String[] {nodes.get(0), nodes.get(nodes.size() - 1)});
    }
    List<String> names = new ArrayList<>();
    for (String[] l : chosen) {
      links.add(l[0], l[1], toxic);
      applied.add(l);
      names.add(l[0] + "->" + l[1]);
    }
    return toxic.describe() + " on " + String.join(" ", names);
  }

  @Override
  public String stop(NodeShell shell) throws IOException {
    List<String> names = new ArrayList<>();
    for (String[] l : applied) {
      shell.links().orElseThrow().clear(l[0], l[1]);
      names.add(l[0] + "->" + l[1]);
    }
    applied.clear();
    return "cleared " + String.join(" ", names);
  }
}
