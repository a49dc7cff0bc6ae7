package io.gauntlet.control.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line of one etcd member: its name, data directory, client and peer URLs, and the
 * whole {@code --initial-cluster}. {@code --initial-cluster-state new} on every start: etcd reads the
 * flag only to bootstrap an empty data directory, so a restarted member keeps its data and identity.
 */
public final class EtcdMember {
  private EtcdMember() {}

  /** The etcd binary on the PATH, or null. */
  public static String findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(":")) {
      Path p = Path.of(dir, "etcd");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /**
   * @param peers every member's name to its peer URL, in order
   * @param extra further flags (e.g. {@code --snapshot-count})
   */
  public static List<String> command(String etcd, String name, String dataDir, String clientUrl, Map<String, String> peers,
      List<String> extra) {
    String initial = peers.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    List<String> cmd = new java.util.ArrayList<>(List.of(etcd, "--name", name, "--data-dir", dataDir,
        "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", peers.get(name), "--initial-advertise-peer-urls", peers.get(name),
        "--initial-cluster", initial, "--initial-cluster-token", "gauntlet",
        "--initial-cluster-state", "new", "--logger", "zap", "--log-outputs", "stderr"));
    cmd.addAll(extra);
    return cmd;
  }
}
