package io.gauntlet.nemesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue behind {@code --nemesis}: fault families ({@code partition}, {@code loss},
 * {@code kill}, {@code pause}), each drawing its shape or targets from the seed, and precise faults
 * ({@code partition-halves}, {@code kill-leader}, ...). {@code all} is every family the cluster
 * kind supports.
 */
public final class Faults {
  private Faults() {}

  /** Every precise fault, by family. */
  public static Map<String, List<Fault>> families() {
    Map<String, List<Fault>> f = new LinkedHashMap<>();
    f.put("partition", PartitionFault.all());
    f.put("loss", List.of(new LossFault()));
    f.put("netem", List.of(new NetemFault()));
    f.put("kill", KillFault.all());
    f.put("pause", PauseFault.all());
    f.put("latency", List.of(new ToxicFault(LinkToxics.Toxic.Kind.LATENCY, "latency")));
    f.put("bandwidth", List.of(new ToxicFault(LinkToxics.Toxic.Kind.BANDWIDTH, "bandwidth")));
    f.put("timeout", List.of(new ToxicFault(LinkToxics.Toxic.Kind.TIMEOUT, "timeout")));
    f.put("reset", List.of(new ToxicFault(LinkToxics.Toxic.Kind.RESET_PEER, "reset")));
    f.put("slicer", List.of(new ToxicFault(LinkToxics.Toxic.Kind.SLICER, "slicer")));
    f.put("shard", ShardFault.all());
    return f;
  }

  /** Families that need proxied links (Toxiproxy). */
  public static boolean needsLinks(String family) {
    return List.of("latency", "bandwidth", "timeout", "reset", "slicer").contains(family);
  }

  /** What a cluster kind can do. */
  public record Support(boolean packetFilter, boolean links, boolean shards) {
    public Support(boolean packetFilter, boolean links) {
      this(packetFilter, links, false);
    }

    boolean can(String family) {
      if (family.equals("shard")) {
        return shards;
      }
      if (family.equals("partition")) {
        return packetFilter || links;
      }
      if (family.equals("loss") || family.equals("netem")) {
        return packetFilter; // a network stack of the node's own (namespace or host), not the shared loopback
      }
      if (needsLinks(family)) {
        return links;
      }
      return true;
    }
  }

  /** Whether the faults named need proxied links on a cluster with (or without) a packet filter. */
  public static boolean wantLinks(List<String> names, boolean packetFilter) {
    for (String raw : names) {
      String n = raw.trim();
      String family = familyOf(n);
      if (n.equals("all") || family != null && (needsLinks(family) || family.equals("partition") && !packetFilter)) {
        return true;
      }
    }
    return false;
  }

  /** The family a family or precise name belongs to, or null. */
  public static String familyOf(String name) {
    for (Map.Entry<String, List<Fault>> e : families().entrySet()) {
      if (e.getKey().equals(name) || e.getValue().stream().anyMatch(f -> f.name().equals(name))) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Families that need iptables on the nodes. */
  public static boolean needsPacketFilter(String family) {
    return family.equals("partition") || family.equals("loss");
  }

  /** Every name {@link #parse} accepts. */
  public static List<String> names() {
    List<String> out = new ArrayList<>(List.of("all", "none"));
    families().forEach((family, faults) -> {
      out.add(family);
      faults.forEach(x -> {
        if (!x.name().equals(family) && !out.contains(x.name())) {
          out.add(x.name());
        }
      });
    });
    return out;
  }

  /**
   * The choices a schedule draws from, one list per name given: a family's list holds all its
   * faults, a precise fault's list just that one.
   *
   * @throws IllegalArgumentException naming an unknown fault, or one the cluster kind cannot do
   */
  public static List<List<Fault>> parse(List<String> names, boolean packetFilter) {
    return parse(names, new Support(packetFilter, false));
  }

  public static List<List<Fault>> parse(List<String> names, Support support) {
    List<List<Fault>> out = new ArrayList<>();
    for (String raw : names) {
      String name = raw.trim();
      if (name.equals("none")) {
        continue;
      }
      if (name.equals("all")) {
        families().forEach((family, faults) -> {
          if (support.can(family) && !family.equals("netem")) { // netem needs a kernel module many hosts lack
            out.add(faults);
          }
        });
        continue;
      }
      Map<String, List<Fault>> fams = families();
      List<Fault> chosen = null;
      String family = null;
      if (fams.containsKey(name)) {
        chosen = fams.get(name);
        family = name;
      } else {
        for (Map.Entry<String, List<Fault>> e : fams.entrySet()) {
          for (Fault f : e.getValue()) {
            if (f.name().equals(name) && chosen == null) {
              chosen = List.of(f);
              family = e.getKey();
            }
          }
        }
      }
      if (chosen == null) {
        throw new IllegalArgumentException("unknown nemesis '" + name + "' (known: " + String.join(", ", names()) + ")");
      }
      if (!support.can(family)) {
        throw new IllegalArgumentException("nemesis '" + name + "' needs "
            + (family.equals("shard") ? "a sharded cluster: use --workload shardkv"
                : needsLinks(family) ? "Toxiproxy on the peer links"
                : family.equals("loss") ? "iptables on the nodes: use --cluster netns (as root)"
                : family.equals("netem") ? "a network stack per node: --cluster netns or ssh"
                : "iptables (--cluster netns, as root) or Toxiproxy on the peer links"));
      }
      out.add(chosen);
    }
    return out;
  }
}
