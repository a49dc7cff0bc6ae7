package io.gauntlet.checker.gen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.HistoryRecorder;
import io.gauntlet.checker.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates concurrent histories of a simulated single-copy object, for oracle tests, the
 * Porcupine cross-check and {@code bench checker}. Each step picks a random client: an idle one
 * invokes a random call; a waiting one has its call take effect atomically on the object (its
 * linearization point) or, rarely, crashes (info; the call may still take effect later or never,
 * and the client continues as a new process); a call that took effect completes ok (or fail when
 * it certainly had no effect: a cas whose compare did not match, a put with a stale version, an
 * acquire of a held lock). With {@link Anomaly#NONE} every history is linearizable by
 * construction; other anomalies make the object misbehave with probability {@code anomalyRate}.
 */
public final class HistoryGenerator {
  /**
   * What to generate.
   *
   * @param model the model name (register, cas-register, kv, versioned-kv, mutex)
   * @param processes concurrent clients
   * @param calls client calls to generate
   * @param keys keys (1 means a single object: no key field, except for kv models which use "k0")
   * @param crashRate probability that a waiting call crashes (info) instead of progressing
   * @param applyRate probability that a waiting call takes effect at its step (lower = longer,
   *     more overlapping calls)
   * @param values distinct values written (smaller = more coincidences, harder searches)
   * @param anomaly the misbehaviour to inject
   * @param anomalyRate its probability per call
   */
  public record Spec(String model, int processes, int calls, int keys, double crashRate,
      double applyRate, int values, Anomaly anomaly, double anomalyRate) {
    public static Spec of(String model, int processes, int calls) {
      return new Spec(model, processes, calls, 1, 0.0, 0.5, 5, Anomaly.NONE, 0.0);
    }

    public Spec keys(int k) {
      return new Spec(model, processes, calls, k, crashRate, applyRate, values, anomaly, anomalyRate);
    }

    public Spec crashRate(double r) {
      return new Spec(model, processes, calls, keys, r, applyRate, values, anomaly, anomalyRate);
    }

    public Spec applyRate(double r) {
      return new Spec(model, processes, calls, keys, crashRate, r, values, anomaly, anomalyRate);
    }

    public Spec values(int v) {
      return new Spec(model, processes, calls, keys, crashRate, applyRate, v, anomaly, anomalyRate);
    }

    public Spec anomaly(Anomaly a, double rate) {
      return new Spec(model, processes, calls, keys, crashRate, applyRate, values, a, rate);
    }
  }

  private static final JsonNodeFactory J = JsonNodeFactory.instance;

  /** A call in flight. */
  private static final class Pending {
    final int process;
    final String f;
    final String key;
    final JsonNode arg;
    boolean applied;
    OpType outcome;
    JsonNode result;

    Pending(int process, String f, String key, JsonNode arg) {
      this.process = process;
      this.f = f;
      this.key = key;
      this.arg = arg;
    }
  }

  private final Spec spec;
  private final SplittableRandom rnd;
  private final Map<String, Object> state = new HashMap<>();
  private final Map<String, List<Object>> past = new HashMap<>();
  private final Map<Integer, Long> lastSeenVersion = new HashMap<>();
  /** The key (as String.valueOf) each process holds the lock of, for mutex histories. */
  private final Map<Integer, String> holdsLock = new HashMap<>();

  private HistoryGenerator(Spec spec, long seed) {
    this.spec = spec;
    this.rnd = new SplittableRandom(seed);
  }

  /** A history following {@code spec}, the same for the same seed. */
  public static History generate(Spec spec, long seed) {
    return new HistoryGenerator(spec, seed).run();
  }

  private History run() {
    HistoryRecorder rec = new HistoryRecorder("generated");
    int[] slot = new int[spec.processes()]; // current process number of each client
    Pending[] inFlight = new Pending[spec.processes()];
    List<Pending> crashed = new ArrayList<>();
    int nextProcess = spec.processes();
    int invoked = 0;
    long time = 0;
    for (int i = 0; i < slot.length; i++) {
      slot[i] = i;
    }
    while (invoked < spec.calls() || anyInFlight(inFlight)) {
      time += 1 + rnd.nextInt(1000);
      rec.at(time);
      if (!crashed.isEmpty() && rnd.nextInt(8) == 0) {
        // a crashed call takes effect late (or is dropped for good: it never took effect)
        Pending p = crashed.remove(rnd.nextInt(crashed.size()));
        if (rnd.nextBoolean()) {
          apply(p);
        }
        continue;
      }
      int c = rnd.nextInt(slot.length);
      Pending p = inFlight[c];
      if (p == null) {
        if (invoked < spec.calls()) {
          inFlight[c] = invoke(rec, slot[c]);
          invoked++;
        }
      } else if (rnd.nextDouble() < spec.crashRate()) {
        rec.info(p.process, "timeout");
        if (!p.applied) {
          crashed.add(p);
        }
        inFlight[c] = null;
        holdsLock.remove(p.process);
        slot[c] = nextProcess++;
      } else if (!p.applied) {
        if (rnd.nextDouble() < spec.applyRate()) {
          apply(p);
        }
      } else {
        rec.complete(p.process, p.outcome, p.result, p.outcome == OpType.FAIL ? "mismatch" : null);
        inFlight[c] = null;
      }
    }
    return rec.build();
  }

  private static boolean anyInFlight(Pending[] inFlight) {
    for (Pending p : inFlight) {
      if (p != null) {
        return true;
      }
    }
    return false;
  }

  private String key() {
    if (spec.keys() <= 1) {
      return spec.model().endsWith("kv") ? "k0" : null;
    }
    return "k" + rnd.nextInt(spec.keys());
  }

  private Object initial() {
    return switch (spec.model()) {
      case "kv" -> "";
      case "versioned-kv" -> J.objectNode().putNull("value").put("version", 0);
      case "mutex" -> Boolean.FALSE;
      default -> NullNode.instance;
    };
  }

  private Object current(String key) {
    return state.computeIfAbsent(String.valueOf(key), k -> initial());
  }

  private void set(String key, Object v) {
    past.computeIfAbsent(String.valueOf(key), k -> new ArrayList<>()).add(current(key));
    state.put(String.valueOf(key), v);
  }

  private JsonNode value() {
    return IntNode.valueOf(rnd.nextInt(spec.values()));
  }

  /** A string value: one of {@code values} tokens (a, b, ..., then a1, b1, ...). */
  private String token() {
    int v = rnd.nextInt(spec.values());
    return Character.toString('a' + v % 26) + (v < 26 ? "" : Integer.toString(v / 26));
  }

  private Pending invoke(HistoryRecorder rec, int process) {
    String key = key();
    int r = rnd.nextInt(3);
    Pending p = switch (spec.model()) {
      case "register" -> r == 0 ? new Pending(process, "read", key, NullNode.instance)
          : new Pending(process, "write", key, value());
      case "cas-register" -> {
        if (r == 0) {
          yield new Pending(process, "read", key, NullNode.instance);
        }
        if (r == 1) {
          yield new Pending(process, "write", key, value());
        }
        ArrayNode pair = J.arrayNode().add(value()).add(value());
        yield new Pending(process, "cas", key, pair);
      }
      case "kv" -> r == 0 ? new Pending(process, "get", key, NullNode.instance)
          : new Pending(process, r == 1 && rnd.nextInt(4) == 0 ? "put" : "append", key,
              TextNode.valueOf(token()));
      case "versioned-kv" -> {
        if (r == 0) {
          yield new Pending(process, "get", key, NullNode.instance);
        }
        long v = lastSeenVersion.getOrDefault(process, 0L) + (rnd.nextInt(4) == 0 ? 1 : 0);
        ObjectNode arg = J.objectNode().put("value", token()).put("version", v);
        yield new Pending(process, "put", key, arg);
      }
      case "mutex" -> {
        String held = holdsLock.get(process);
        yield held != null
            ? new Pending(process, "release", "null".equals(held) ? null : held, NullNode.instance)
            : new Pending(process, "acquire", key, NullNode.instance);
      }
      default -> throw new IllegalArgumentException("unknown model " + spec.model());
    };
    rec.invoke(process, p.f, p.key, p.arg);
    return p;
  }

  private boolean misbehave(Anomaly a) {
    return spec.anomaly() == a && rnd.nextDouble() < spec.anomalyRate();
  }

  /** The linearization point: the call takes effect on the object and gets its result. */
  private void apply(Pending p) {
    p.applied = true;
    p.outcome = OpType.OK;
    Object cur = current(p.key);
    switch (p.f) {
      case "read", "get" -> p.result = read(p, cur);
      case "write" -> {
        if (!misbehave(Anomaly.LOST_WRITE)) {
          set(p.key, p.arg);
        }
        p.result = p.arg;
      }
      case "cas" -> {
        if (p.arg.get(0).equals(cur)) {
          if (!misbehave(Anomaly.LOST_WRITE)) {
            set(p.key, p.arg.get(1));
          }
        } else {
          p.outcome = OpType.FAIL;
        }
        p.result = p.arg;
      }
      case "put" -> {
        if (spec.model().equals("versioned-kv")) {
          JsonNode curV = (JsonNode) cur;
          if (curV.get("version").longValue() == p.arg.get("version").longValue()) {
            if (!misbehave(Anomaly.LOST_WRITE)) {
              set(p.key, J.objectNode().put("value", p.arg.get("value").textValue())
                  .put("version", curV.get("version").longValue() + 1));
            }
          } else {
            p.outcome = OpType.FAIL;
          }
        } else if (!misbehave(Anomaly.LOST_WRITE)) {
          set(p.key, p.arg.textValue());
        }
        p.result = p.arg;
      }
      case "append" -> {
        if (!misbehave(Anomaly.LOST_WRITE)) {
          String s = (String) cur + p.arg.textValue();
          set(p.key, misbehave(Anomaly.DUPLICATE_APPEND) ? s + p.arg.textValue() : s);
        }
        p.result = p.arg;
      }
      case "acquire" -> {
        if (!(Boolean) cur || misbehave(Anomaly.DOUBLE_ACQUIRE)) {
          set(p.key, Boolean.TRUE);
          holdsLock.put(p.process, String.valueOf(p.key));
        } else {
          p.outcome = OpType.FAIL;
        }
        p.result = NullNode.instance;
      }
      case "release" -> {
        set(p.key, Boolean.FALSE);
        holdsLock.remove(p.process);
        p.result = NullNode.instance;
      }
      default -> throw new IllegalStateException(p.f);
    }
  }

  private JsonNode read(Pending p, Object cur) {
    Object seen = cur;
    List<Object> older = past.get(String.valueOf(p.key));
    if (older != null && !older.isEmpty() && misbehave(Anomaly.STALE_READ)) {
      seen = older.get(rnd.nextInt(older.size()));
    }
    if (misbehave(Anomaly.PHANTOM_VALUE)) {
      seen = switch (spec.model()) {
        case "kv" -> "phantom";
        case "versioned-kv" -> J.objectNode().put("value", "phantom").put("version", ((JsonNode) cur).get("version").longValue());
        default -> IntNode.valueOf(spec.values() + 7);
      };
    }
    if (seen instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (p.process >= 0 && seen instanceof JsonNode j && j.has("version")) {
      lastSeenVersion.put(p.process, j.get("version").longValue());
    }
    return (JsonNode) seen;
  }
}
