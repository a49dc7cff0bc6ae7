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
    f.put("kill", KillFault.all());
    f.put("pause", PauseFault.all());
    return f;
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
        if (!x.name().equals(family)) {
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
    List<List<Fault>> out = new ArrayList<>();
    for (String raw : names) {
      String name = raw.trim();
      if (name.equals("none")) {
        continue;
      }
      if (name.equals("all")) {
        families().forEach((family, faults) -> {
          if (packetFilter || !needsPacketFilter(family)) {
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
            if (f.name().equals(name)) {
              chosen = List.of(f);
              family = e.getKey();
            }
          }
        }
      }
      if (chosen == null) {
        throw new IllegalArgumentException("unknown nemesis '" + name + "' (known: " + String.join(", ", names()) + ")");
      }
      if (!packetFilter && needsPacketFilter(family)) {
        throw new IllegalArgumentException("nemesis '" + name + "' needs iptables on the nodes: use --cluster netns (as root)");
      }
      out.add(chosen);
    }
    return out;
  }
}
