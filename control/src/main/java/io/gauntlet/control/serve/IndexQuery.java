package io.gauntlet.control.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the index page asks for: filters (verdict, workload, nemesis, free text), one sort column
 * and direction, and a page. Built from the URL's query; unknown values fall back to the defaults
 * (newest first, page 1 of 50) rather than failing, since they come from hand-edited URLs.
 */
public record IndexQuery(String text, Verdict verdict, String workload, String nemesis, String sort, boolean descending,
    int page, int size) {

  /** The sortable columns, as named in URLs. */
  public static final List<String> COLUMNS = List.of("test", "workload", "nemeses", "start", "duration", "ops", "ok", "verdict");
  static final int MAX_SIZE = 500;

  /** One page of matching rows, with what the filter controls need. */
  public record Page(List<BundleSummary> rows, int matched, int total, int page, int pages, IndexQuery query,
      List<String> workloads, List<String> nemeses, Map<Verdict, Integer> counts) {}

  public static IndexQuery defaults() {
    return new IndexQuery("", null, "", "", "start", true, 1, 50);
  }

  /** The query named by URL parameters (each its first value); bad values take the default. */
  public static IndexQuery of(Map<String, List<String>> params) {
    String sort = first(params, "sort", "start");
    if (!COLUMNS.contains(sort)) {
      sort = "start";
    }
    Verdict v = null;
    try {
      String s = first(params, "verdict", "");
      v = s.isEmpty() ? null : Verdict.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      v = null;
    }
    return new IndexQuery(first(params, "q", "").strip(), v, first(params, "workload", ""), first(params, "nemesis", ""),
        sort, !first(params, "order", sort.equals("start") ? "desc" : "asc").equals("asc"),
        Math.max(1, intOr(first(params, "page", "1"), 1)), Math.max(1, Math.min(MAX_SIZE, intOr(first(params, "size", "50"), 50))));
  }

  private static String first(Map<String, List<String>> params, String name, String otherwise) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? otherwise : v.get(0);
  }

  private static int intOr(String s, int otherwise) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  boolean matches(BundleSummary s) {
    return (verdict == null || s.verdict() == verdict)
        && (workload.isEmpty() || s.workload().equals(workload))
        && (nemesis.isEmpty() || s.nemeses().contains(nemesis))
        && (text.isEmpty() || s.searchable().contains(text.toLowerCase(Locale.ROOT)));
  }

  Comparator<BundleSummary> comparator() {
    Comparator<BundleSummary> c = switch (sort) {
      case "test" -> Comparator.comparing(BundleSummary::test);
      case "workload" -> Comparator.comparing(BundleSummary::workload);
      case "nemeses" -> Comparator.comparing(s -> String.join(",", s.nemeses()));
      case "duration" -> Comparator.comparingDouble(s -> nanLast(s.seconds()));
      case "ops" -> Comparator.comparingLong(BundleSummary::ops);
      case "ok" -> Comparator.comparingDouble(s -> nanLast(s.okFraction()));
      case "verdict" -> Comparator.comparing(BundleSummary::verdict);
      default -> Comparator.comparing(BundleSummary::start);
    };
    c = descending ? c.reversed() : c;
    // Ties (same verdict, same workload) newest first, then by id, so pages are stable.
    return c.thenComparing(BundleSummary::start, Comparator.reverseOrder()).thenComparing(BundleSummary::id);
  }

  private static double nanLast(double d) {
    return Double.isNaN(d) ? Double.NEGATIVE_INFINITY : d;
  }

  /** Filters, sorts and pages {@code all}. */
  Page run(List<BundleSummary> all) {
    List<BundleSummary> hits = new ArrayList<>();
    TreeSet<String> workloads = new TreeSet<>();
    TreeSet<String> nemeses = new TreeSet<>();
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    for (BundleSummary s : all) {
      if (!s.workload().isEmpty()) {
        workloads.add(s.workload());
      }
      nemeses.addAll(s.nemeses());
      if (matches(s)) {
        hits.add(s);
        counts.merge(s.verdict(), 1, Integer::sum);
      }
    }
    hits.sort(comparator());
    int pages = Math.max(1, (hits.size() + size - 1) / size);
    int p = Math.min(page, pages);
    List<BundleSummary> rows = hits.subList(Math.min(hits.size(), (p - 1) * size), Math.min(hits.size(), p * size));
    return new Page(List.copyOf(rows), hits.size(), all.size(), p, pages, this, List.copyOf(workloads),
        List.copyOf(nemeses), counts);
  }

  /** The URL parameters of this query with some changed: {@code name, value, name, value, ...} (for links). */
  String with(String... changes) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("q", text);
    m.put("verdict", verdict == null ? "" : verdict.name().toLowerCase(Locale.ROOT));
    m.put("workload", workload);
    m.put("nemesis", nemesis);
    m.put("sort", sort);
    m.put("order", descending ? "desc" : "asc");
    m.put("page", String.valueOf(page));
    m.put("size", String.valueOf(size));
    for (int i = 0; i + 1 < changes.length; i += 2) {
      m.put(changes[i], changes[i + 1]);
    }
    StringBuilder b = new StringBuilder("?");
    m.forEach((k, v) -> {
      if (!v.isEmpty()) {
        b.append(b.length() > 1 ? "&" : "").append(k).append('=').append(Html.url(v));
      }
    });
    return b.toString();
  }
}
