package io.gauntlet.system.client;

import io.gauntlet.system.net.Transport;
import io.gauntlet.system.net.TransportConfig;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.DigestRequest;
import io.gauntlet.system.node.NodeStatus;
import io.gauntlet.system.node.Role;
import io.gauntlet.system.node.StateDigest;
import io.gauntlet.system.node.StatusRequest;
import io.gauntlet.system.node.Wire;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.shardctrler.CtrlerClerk;
import io.gauntlet.system.shardctrler.ShardConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Operator calls: every node's status, and the shard controller's Join / Leave / Move / Query. */
public final class ClusterAdmin implements AutoCloseable {
  private final ClusterFile.Loaded cluster;
  private final Transport transport;

  /** One node's answer to a status query, or why there was none. */
  public record Row(String id, String address, NodeStatus status, String error) {
    public boolean reachable() {
      return status != null;
    }
  }

  public ClusterAdmin(ClusterFile.Loaded cluster) {
    this.cluster = cluster;
    TransportConfig tc = cluster.transportConfig()
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    this.transport = new Transport(ClientRuntime.newId("admin"), cluster.addressBook(), Wire.types(), tc,
        new Transport.Handler() {
          @Override
          public void onMessage(String from, Message m) {}
        });
  }

  /** Asks every node at once; each has {@code timeout} to answer, so this never hangs. */
  public List<Row> status(Duration timeout) {
    List<Row> rows = new ArrayList<>();
    askAll(new StatusRequest(), timeout).forEach((id, answer) -> rows.add(answer instanceof NodeStatus st
        ? new Row(id, cluster.spec().addresses().get(id), st, null)
        : new Row(id, cluster.spec().addresses().get(id), null, (String) answer)));
    return rows;
  }

  /**
   * Every node's state digest at its applied index (see {@code StateMachine.digest}); a node that
   * did not answer within {@code timeout} is missing from the map.
   */
  public Map<String, StateDigest> digests(Duration timeout) {
    Map<String, StateDigest> out = new LinkedHashMap<>();
    askAll(new DigestRequest(), timeout).forEach((id, answer) -> {
      if (answer instanceof StateDigest d) {
        out.put(id, d);
      }
    });
    return out;
  }

  /** Each node's answer to {@code request}, or why there was none (a String). */
  private Map<String, Object> askAll(Message request, Duration timeout) {
    Map<String, CompletableFuture<Message>> asks = new LinkedHashMap<>();
    for (String id : cluster.spec().addresses().keySet()) {
      asks.put(id, transport.request(id, request, timeout));
    }
    Map<String, Object> answers = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<Message>> e : asks.entrySet()) {
      try {
        answers.put(e.getKey(), e.getValue().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS));
      } catch (ExecutionException ex) {
        answers.put(e.getKey(), describe(ex.getCause()));
      } catch (TimeoutException ex) {
        answers.put(e.getKey(), "no answer within " + timeout.toMillis() + " ms");
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        answers.put(e.getKey(), "interrupted");
      }
    }
    return answers;
  }

  private static String describe(Throwable t) {
    if (t instanceof TimeoutException) {
      return "timeout";
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** Runs {@code call} against the shard controller with a fresh clerk; waits at most {@code timeout}. */
  public ShardConfig controller(java.util.function.Function<CtrlerClerk, CompletableFuture<ShardConfig>> call, Duration timeout)
      throws TimeoutException, InterruptedException {
    List<String> ctrlers = cluster.spec().members(Role.SHARDCTRLER);
    if (ctrlers.isEmpty()) {
      throw new IllegalArgumentException(cluster.file() + " has no shard controller nodes (role shardctrler)");
    }
    var s = ClientRuntime.start(cluster, "admin", r -> new CtrlerClerk(r, ctrlers, 200_000_000L));
    try {
      return call.apply(s.node()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("controller call failed: " + e.getCause(), e.getCause());
    } finally {
      s.runtime().close();
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
