package io.gauntlet.system.mapreduce.apps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The test apps' deterministic reduce: the values sorted and joined by spaces. */
final class SortedJoin {
  private SortedJoin() {}

  static String of(List<String> values) {
    List<String> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.join(" ", sorted);
  }
}
