package io.gauntlet.control.cli;

import io.gauntlet.system.client.ClusterAdmin;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.NodeStatus;
import io.gauntlet.system.shardctrler.ShardConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gauntlet admin ...}: node status, and shard controller configuration changes. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operate a running cluster.",
    subcommands = {AdminCommand.Status.class, AdminCommand.Join.class, AdminCommand.Leave.class,
        AdminCommand.Move.class, AdminCommand.Query.class})
final class AdminCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "A table of every node: role, term, leader, commit and applied index, log and snapshot size, reachable or not.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cluster", required = true, description = "the cluster file") Path cluster;

    @Option(names = "--timeout", defaultValue = "1s", converter = DurationConverter.class,
        description = "how long each node has to answer (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
      ClusterFile.Loaded c = ClusterOption.load(spec, cluster);
      List<ClusterAdmin.Row> rows;
      try (ClusterAdmin admin = new ClusterAdmin(c)) {
        rows = admin.status(timeout);
      }
      List<String[]> table = new ArrayList<>();
      table.add(new String[] {"ID", "ADDRESS", "ROLE", "RAFT", "TERM", "LEADER", "COMMIT", "APPLIED", "LAST", "SNAPSHOT", "LOG", "SNAP-BYTES", "STATUS"});
      int down = 0;
      for (ClusterAdmin.Row r : rows) {
        NodeStatus s = r.status();
        if (s == null) {
          down++;
          table.add(new String[] {r.id(), r.address(), "", "", "", "", "", "", "", "", "", "", "unreachable: " + r.error()});
        } else {
          String role = s.role() + (s.group() == null ? "" : "/" + s.group());
          table.add(new String[] {s.id(), r.address(), role, s.raftRole(), String.valueOf(s.term()),
              s.leader().isEmpty() ? "-" : s.leader(), String.valueOf(s.commit()), String.valueOf(s.applied()),
              String.valueOf(s.lastIndex()), String.valueOf(s.snapshotIndex()), bytes(s.logBytes()), bytes(s.snapshotBytes()), "ok"});
        }
      }
      Tables.print(spec.commandLine().getOut(), table);
      return down == 0 ? 0 : 1;
    }
  }

  static String bytes(long b) {
    if (b < 10_000) {
      return b + "B";
    }
    if (b < 10_000_000) {
      return (b / 1024) + "KiB";
    }
    return (b >> 20) + "MiB";
  }

  abstract static class ControllerCall implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cluster", required = true, description = "the cluster file") Path cluster;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
        description = "give up after this long (default ${DEFAULT-VALUE})")
    Duration timeout;

    abstract ShardConfig call(ClusterFile.Loaded c, ClusterAdmin admin) throws TimeoutException, InterruptedException;

    @Override
    public Integer call() throws Exception {
      ClusterFile.Loaded c = ClusterOption.load(spec, cluster);
      try (ClusterAdmin admin = new ClusterAdmin(c)) {
        ShardConfig config = call(c, admin);
        PrintWriter out = spec.commandLine().getOut();
        out.println("config " + config.num() + ": shards " + config.shards() + " groups " + config.groups());
        out.flush();
        return 0;
      } catch (TimeoutException e) {
        spec.commandLine().getErr().println("error: the shard controller did not answer within " + timeout.toMillis()
            + " ms; the change may or may not have been made (check with `admin query`)");
        return 2;
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  @Command(name = "join", mixinStandardHelpOptions = true,
      description = "Add shard groups (by gid, as the cluster file defines them; all of them if none given).")
  static final class Join extends ControllerCall {
    @Parameters(paramLabel = "GID", arity = "0..*") List<Integer> gids;

    @Override
    ShardConfig call(ClusterFile.Loaded c, ClusterAdmin admin) throws TimeoutException, InterruptedException {
      Map<Integer, List<String>> all = c.spec().groups();
      Map<Integer, List<String>> join = new LinkedHashMap<>();
      for (int gid : gids == null || gids.isEmpty() ? new ArrayList<>(all.keySet()) : gids) {
        if (!all.containsKey(gid)) {
          throw new IllegalArgumentException("group " + gid + " is not in " + c.file() + " (groups: " + all.keySet() + ")");
        }
        join.put(gid, all.get(gid));
      }
      if (join.isEmpty()) {
        throw new IllegalArgumentException(c.file() + " defines no shard groups");
      }
      return admin.controller(ck -> ck.join(join), timeout);
    }
  }

  @Command(name = "leave", mixinStandardHelpOptions = true, description = "Remove shard groups by gid.")
  static final class Leave extends ControllerCall {
    @Parameters(paramLabel = "GID", arity = "1..*") List<Integer> gids;

    @Override
    ShardConfig call(ClusterFile.Loaded c, ClusterAdmin admin) throws TimeoutException, InterruptedException {
      return admin.controller(ck -> ck.leave(gids), timeout);
    }
  }

  @Command(name = "move", mixinStandardHelpOptions = true, description = "Assign SHARD to group GID.")
  static final class Move extends ControllerCall {
    @Parameters(index = "0", paramLabel = "SHARD") int shard;
    @Parameters(index = "1", paramLabel = "GID") int gid;

    @Override
    ShardConfig call(ClusterFile.Loaded c, ClusterAdmin admin) throws TimeoutException, InterruptedException {
      if (shard < 0 || shard >= c.spec().shards()) {
        throw new IllegalArgumentException("SHARD must be 0.." + (c.spec().shards() - 1) + ", got " + shard);
      }
      if (!c.spec().groups().containsKey(gid)) {
        throw new IllegalArgumentException("group " + gid + " is not in " + c.file());
      }
      return admin.controller(ck -> ck.move(shard, gid), timeout);
    }
  }

  @Command(name = "query", mixinStandardHelpOptions = true, description = "Print configuration NUM (default: the latest).")
  static final class Query extends ControllerCall {
    @Parameters(paramLabel = "NUM", arity = "0..1", defaultValue = "-1") int num;

    @Override
    ShardConfig call(ClusterFile.Loaded c, ClusterAdmin admin) throws TimeoutException, InterruptedException {
      return admin.controller(ck -> ck.query(num), timeout);
    }
  }
}
