package io.gauntlet.system.kvsrv;

import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.Runtime;
import java.util.HashMap;
import java.util.Map;

/**
 * The labs' single versioned key/value server (lab 2, kvsrv1). Each key holds a value and a version.
 * A Put names the version it expects: a missing key is created only at version 0 (else ERR_NO_KEY),
 * a mismatch is ERR_VERSION, a match stores the value and increments the version.
 *
 * <p>The server keeps no state per client: no duplicate table, no remembered replies. The version
 * check is what makes a retried Put safe (the retry of an applied Put fails with ERR_VERSION), and
 * the clerk, not the server, turns that into ERR_MAYBE. So memory grows with the data only, never
 * with the number of clients (the labs' memory test).
 */
public final class VersionedKvServer implements Node {
  private final Runtime rt;
  private final Map<String, Entry> data = new HashMap<>();

  private record Entry(String value, long version) {}

  public VersionedKvServer(Runtime rt) {
    this.rt = rt;
  }

  @Override
  public void start() {}

  @Override
  public void onMessage(String from, Message m) {
    if (m instanceof GetArgs g) {
      rt.send(from, get(g));
    } else if (m instanceof PutArgs p) {
      rt.send(from, new PutReply(p.call(), put(p.key(), p.value(), p.version())));
    }
  }

  private GetReply get(GetArgs g) {
    Entry e = data.get(g.key());
    return e == null
        ? new GetReply(g.call(), Err.ERR_NO_KEY, "", 0)
        : new GetReply(g.call(), Err.OK, e.value(), e.version());
  }

  private Err put(String key, String value, long version) {
    Entry cur = data.get(key);
    if (cur == null) {
      if (version != 0) {
        return Err.ERR_NO_KEY;
      }
    } else if (cur.version() != version) {
      return Err.ERR_VERSION;
    }
    data.put(key, new Entry(value, version + 1));
    return Err.OK;
  }

  /** The number of keys stored (for tests and reports). */
  public int keys() {
    return data.size();
  }
}
