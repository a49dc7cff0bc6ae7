package io.gauntlet.workloads.live;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "Every acknowledged append is in the final read": for each key that no put ever touched (a put
 * may legitimately overwrite appends), every append that completed ok must appear in the key's
 * value read after the faults healed. The linearizability check implies this; this check names the
 * lost write plainly. A key whose final read got no answer proves nothing lost (the run's verdict
 * says the cluster did not recover instead; see {@link #unread}).
 */
public final class LostAppends {
  private LostAppends() {}

  /** One lost write. */
  public record Loss(String key, String value, String finalValue) {}

  public static List<Loss> check(History history, Map<String, String> finalReads) {
    List<Loss> lost = new ArrayList<>();
    for (Map.Entry<String, List<Call>> e : history.callsByKey().entrySet()) {
      String key = e.getKey();
      boolean put = e.getValue().stream().anyMatch(c -> c.f().equals("put"));
      if (put || finalReads.get(key) == null) {
        continue;
      }
      String fin = finalReads.get(key);
      for (Call c : e.getValue()) {
        if (c.f().equals("append") && c.isOk()) {
          String v = c.invoke().value().asText();
          if (!fin.contains(v)) {
            lost.add(new Loss(key, v, fin));
          }
        }
      }
    }
    return lost;
  }

  /** The keys whose final read got no answer. */
  public static List<String> unread(Map<String, String> finalReads) {
    return finalReads.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
  }
}
