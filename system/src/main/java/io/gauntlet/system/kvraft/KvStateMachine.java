package io.gauntlet.system.kvraft;

import io.gauntlet.system.rsm.OrderFreeDigest;
import io.gauntlet.system.rsm.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The key/value state: each key has a string value and a version (incremented by every write).
 * Put and Append always apply; the versioned Put applies only at the expected version, and creates a
 * missing key only at version 0, as the labs' kvsrv does.
 */
public final class KvStateMachine implements StateMachine {
  record Versioned(String value, long version) {}

  private final Map<String, Versioned> data = new HashMap<>();

  /** The value and version of {@code key}; value "" and version 0 if absent. */
  public Versioned get(String key) {
    Versioned v = data.get(key);
    return v == null ? new Versioned("", 0) : v;
  }

  public boolean contains(String key) {
    return data.containsKey(key);
  }

  @Override
  public byte[] apply(byte[] command) {
    KvCommand c = KvCommand.decode(command);
    Versioned cur = data.get(c.key());
    long version = cur == null ? 0 : cur.version();
    Err err = Err.OK;
    switch (c.op()) {
      case PUT -> data.put(c.key(), new Versioned(c.value(), version + 1));
      case APPEND -> data.put(c.key(), new Versioned((cur == null ? "" : cur.value()) + c.value(), version + 1));
      case VPUT -> {
        if (cur == null && c.version() != 0) {
          err = Err.ERR_NO_KEY;
        } else if (c.version() != version) {
          err = Err.ERR_VERSION;
        } else {
          data.put(c.key(), new Versioned(c.value(), version + 1));
        }
      }
      case GET -> { } // reads normally take the ReadIndex path; through the log they just read
    }
    Versioned now = get(c.key());
    return KvCommand.encodeReply(err, now.value(), now.version());
  }

  /** Keys, and the sum of a CRC32C per (key, value, version): independent of the map's order. */
  @Override
  public String digest() {
    OrderFreeDigest d = new OrderFreeDigest();
    for (Map.Entry<String, Versioned> e : data.entrySet()) {
      d.add(e.getKey() + "\u0000" + e.getValue().value() + "\u0000" + e.getValue().version());
    }
    return data.size() + ":" + d.hex();
  }

  @Override
  public byte[] snapshot() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(data.size());
      for (Map.Entry<String, Versioned> e : data.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().value());
        out.writeLong(e.getValue().version());
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void restore(byte[] snapshot) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
      data.clear();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        data.put(in.readUTF(), new Versioned(in.readUTF(), in.readLong()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
