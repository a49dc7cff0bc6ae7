package io.gauntlet.control.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text tables: columns padded to their widest cell, the first row a header. */
public final class Tables {
  private Tables() {}

  public static void print(PrintWriter out, List<String[]> rows) {
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(i == r.length - 1 ? r[i] : String.format("%-" + (w[i] + 2) + "s", r[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
    out.flush();
  }
}
