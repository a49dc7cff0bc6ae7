package io.gauntlet.workloads.live;

import io.gauntlet.system.client.KvClient;
import java.util.Map;
import java.util.function.IntFunction;

/** A workload the test bed drives against a real cluster: clients for a while, then final reads. */
public interface LiveWorkload {
  /** The checker's model for the history ({@code kv}, {@code cas-register}, ...). */
  String model();

  /** Runs the clients until {@code deadlineNanos}; client c connects with {@code connect.apply(c)}. */
  void run(IntFunction<KvClient> connect, long deadlineNanos) throws InterruptedException;

  /** After the faults are healed: a read of every key used; key to the value read (null: no answer). */
  Map<String, String> finalReads(IntFunction<KvClient> connect, long giveUpNanos);

  /** The workloads by name. */
  static LiveWorkload of(String name, KvWorkload.Options options, io.gauntlet.workloads.sim.SimHistory history, OpStats stats) {
    return switch (name) {
      case "kv", "shardkv" -> new KvWorkload(options, history, stats); // shardkv: kv on a sharded cluster
      case "register" -> new RegisterWorkload(options, history, stats);
      case "versioned-kv" -> new VersionedKvWorkload(options, history, stats);
      case "lock" -> new LockWorkload(options, history, stats);
      default -> throw new IllegalArgumentException("unknown workload '" + name + "' (known: kv, register, versioned-kv, lock, shardkv)");
    };
  }
}
