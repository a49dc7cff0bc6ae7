package io.gauntlet.workloads.kvsrv;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.kvraft.KvResult;
import io.gauntlet.system.kvsrv.VersionedKvClerk;
import io.gauntlet.workloads.sim.SimHistory;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link VersionedKvClerk} whose calls are recorded in the {@code versioned-kv} history format:
 * get returns {@code {"value", "version"}} (value null when the key is absent); a put carries
 * {@code {"value", "version"}}, and ends ok, fail (ErrVersion or ErrNoKey: certainly not applied) or
 * info (ErrMaybe, after which the client continues as a fresh process, as Jepsen requires).
 */
public final class RecordedClerk {
  private final VersionedKvClerk ck;
  private final SimHistory history;
  private final String server;
  private int process;

  RecordedClerk(VersionedKvClerk ck, SimHistory history, String server) {
    this.ck = ck;
    this.history = history;
    this.server = server;
    this.process = history.newProcess();
  }

  public VersionedKvClerk clerk() {
    return ck;
  }

  public CompletableFuture<KvResult> get(String key) {
    int p = process;
    history.invoke(p, "get", key, null, server);
    return ck.get(key).thenApply(r -> {
      if (r.err() == Err.OK) {
        history.ok(p, versioned(r.value(), r.version()));
      } else if (r.err() == Err.ERR_NO_KEY) {
        history.ok(p, versioned(null, 0));
      } else {
        throw new AssertionError("Get(" + key + ") returned " + r.err() + " (only OK or ERR_NO_KEY are possible)");
      }
      return r;
    });
  }

  public CompletableFuture<Err> put(String key, String value, long version) {
    int p = process;
    history.invoke(p, "put", key, versioned(value, version), server);
    return ck.put(key, value, version).thenApply(err -> {
      switch (err) {
        case OK -> history.ok(p, null);
        case ERR_VERSION -> history.fail(p, "ErrVersion");
        case ERR_NO_KEY -> history.fail(p, "ErrNoKey");
        case ERR_MAYBE -> {
          history.info(p, "ErrMaybe");
          process = history.newProcess();
        }
        default -> throw new AssertionError("Put(" + key + ") returned " + err);
      }
      return err;
    });
  }

  private static ObjectNode versioned(String value, long version) {
    ObjectNode o = SimHistory.JSON.objectNode();
    o.put("value", value);
    o.put("version", version);
    return o;
  }
}
