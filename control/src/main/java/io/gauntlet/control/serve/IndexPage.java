package io.gauntlet.control.serve;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The index: one row per bundle, newest first; sort by any column (click its header), filters by
 * verdict, workload, nemesis and text, pages, two checkboxes to compare, and a live box of the
 * tests running now that a small script refreshes every 2 s from {@code /api/live} (no reload).
 */
final class IndexPage {
  private IndexPage() {}

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final List<String> HEADERS = List.of("test", "workload", "nemeses", "start", "duration", "ops", "ok", "verdict");
  private static final List<String> LABELS = List.of("test", "workload", "nemeses", "start (UTC)", "duration", "ops", "ok", "verdict");

  /** The page; {@code millis} is what finding the rows took (refresh, filter, sort), shown at the bottom. */
  static String render(IndexQuery.Page p, double millis) {
    IndexQuery q = p.query();
    StringBuilder b = new StringBuilder();
    b.append("<div id=live></div>");
    b.append(filters(p));
    b.append("<p class=muted>").append(p.matched()).append(" of ").append(p.total()).append(" bundles");
    p.counts().forEach((v, n) -> b.append(" &middot; ").append(Html.verdict(v)).append(' ').append(n));
    b.append("</p><form method=get action=\"/compare\"><table id=bundles><tr><th title=\"pick two to compare\">&#8646;</th>");
    for (int i = 0; i < HEADERS.size(); i++) {
      String col = HEADERS.get(i);
      boolean current = q.sort().equals(col);
      String order = current && !q.descending() ? "desc" : current ? "asc" : col.equals("start") ? "desc" : "asc";
      b.append("<th><a href=\"").append(Html.esc(q.with("sort", col, "order", order, "page", "1"))).append("\">")
          .append(LABELS.get(i)).append(current ? (q.descending() ? " &#9660;" : " &#9650;") : "").append("</a></th>");
    }
    b.append("</tr>");
    for (BundleSummary s : p.rows()) {
      row(b, s);
    }
    b.append("</table><button type=submit>compare the two checked</button></form>");
    b.append(pager(p));
    b.append("<p class=muted>").append(p.total()).append(" bundles indexed; rows found in ")
        .append(Html.num(millis, "%.1f")).append(" ms</p>");
    b.append("<script>").append(LIVE_JS).append("</script>");
    return Html.page("Result bundles", b.toString());
  }

  private static void row(StringBuilder b, BundleSummary s) {
    String id = Html.esc(s.id());
    b.append("<tr data-id=\"").append(id).append("\" data-verdict=\"").append(s.verdict().name().toLowerCase(Locale.ROOT))
        .append("\"><td><input type=checkbox name=id value=\"").append(id).append("\"></td>")
        .append("<td><a href=\"/bundle/").append(Html.esc(Html.path(s.id()))).append("\">").append(Html.esc(s.test()))
        .append("</a></td><td>").append(Html.esc(s.workload())).append("</td><td>")
        .append(Html.esc(String.join(", ", s.nemeses()))).append("</td><td>").append(TIME.format(s.start()))
        .append("</td><td class=num>").append(Html.num(s.seconds(), "%.1f s")).append("</td><td class=\"num ops\">")
        .append(s.verdict() == Verdict.INCOMPLETE ? "-" : s.ops()).append("</td><td class=num>")
        .append(Html.num(100 * s.okFraction(), "%.1f%%")).append("</td><td class=verdict>").append(Html.verdict(s.verdict()));
    if (!s.reason().isEmpty()) {
      b.append(" <span class=muted>").append(Html.esc(abbreviate(s.reason(), 140))).append("</span>");
    }
    b.append("</td></tr>");
  }

  private static String filters(IndexQuery.Page p) {
    IndexQuery q = p.query();
    StringBuilder b = new StringBuilder("<form class=filters method=get action=\"/\">");
    b.append("<input name=q placeholder=\"search test, reason ...\" value=\"").append(Html.esc(q.text())).append("\">");
    b.append("<select name=verdict><option value=\"\">any verdict</option>");
    for (Verdict v : Verdict.values()) {
      String name = v.name().toLowerCase(Locale.ROOT);
      b.append("<option").append(v == q.verdict() ? " selected" : "").append(">").append(name).append("</option>");
    }
    b.append("</select>").append(select("workload", "any workload", p.workloads(), q.workload()))
        .append(select("nemesis", "any nemesis", p.nemeses(), q.nemesis()))
        .append("<input type=hidden name=sort value=\"").append(Html.esc(q.sort())).append("\">")
        .append("<input type=hidden name=order value=\"").append(q.descending() ? "desc" : "asc").append("\">")
        .append(sizes(q.size()))
        .append("<button type=submit>filter</button> <a href=\"/\">clear</a></form>");
    return b.toString();
  }

  private static String sizes(int current) {
    StringBuilder b = new StringBuilder("<select name=size title=\"rows a page\">");
    for (int n : new int[] {25, 50, 100, 200, 500}) {
      b.append("<option").append(n == current ? " selected" : "").append('>').append(n).append("</option>");
    }
    if (!java.util.List.of(25, 50, 100, 200, 500).contains(current)) {
      b.append("<option selected>").append(current).append("</option>");
    }
    return b.append("</select>").toString();
  }

  private static String select(String name, String any, List<String> values, String current) {
    StringBuilder b = new StringBuilder("<select name=" + name + "><option value=\"\">" + any + "</option>");
    for (String v : values) {
      b.append("<option").append(v.equals(current) ? " selected" : "").append(" value=\"").append(Html.esc(v)).append("\">")
          .append(Html.esc(v)).append("</option>");
    }
    return b.append("</select>").toString();
  }

  private static String pager(IndexQuery.Page p) {
    IndexQuery q = p.query();
    StringBuilder b = new StringBuilder("<p class=pager>");
    if (p.page() > 1) {
      b.append("<a href=\"").append(Html.esc(q.with("page", "1"))).append("\">&laquo; first</a> ");
      b.append("<a rel=prev href=\"").append(Html.esc(q.with("page", String.valueOf(p.page() - 1)))).append("\">&lsaquo; newer</a> ");
    }
    b.append("page ").append(p.page()).append(" of ").append(p.pages());
    if (p.page() < p.pages()) {
      b.append(" <a rel=next href=\"").append(Html.esc(q.with("page", String.valueOf(p.page() + 1)))).append("\">older &rsaquo;</a>");
      b.append(" <a href=\"").append(Html.esc(q.with("page", String.valueOf(p.pages())))).append("\">last &raquo;</a>");
    }
    return b.append("</p>").toString();
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  /**
   * Polls /api/live: shows each running test's progress in the box and in its row; a row whose
   * test has finished since says so (its verdict shows on the next load). textContent only, so
   * nothing from the bundle is parsed as HTML.
   */
  private static final String LIVE_JS = """
      (function(){
        var box=document.getElementById('live'), seen={};
        function poll(){
          fetch('/api/live').then(function(r){return r.json();}).then(function(list){
            box.textContent=''; box.style.display=list.length?'block':'none';
            var now={};
            list.forEach(function(t){
              now[t.id]=true; seen[t.id]=true;
              var d=document.createElement('div'), a=document.createElement('a');
              a.href='/bundle/'+t.id.split('/').map(encodeURIComponent).join('/'); a.textContent=t.test;
              d.appendChild(document.createTextNode('running: ')); d.appendChild(a);
              d.appendChild(document.createTextNode(' '+Math.round(t.elapsed)+' s of '+Math.round(t.limit)+' s, ok '+t.ok+
                ', fail '+t.fail+', info '+t.info+(t.phase?', '+t.phase:(t.fault?', fault: '+t.fault:', no fault'))));
              box.appendChild(d);
              document.querySelectorAll('tr[data-id]').forEach(function(tr){
                if(tr.dataset.id===t.id){ tr.querySelector('td.ops').textContent=t.ok+t.fail+t.info; }
              });
            });
            Object.keys(seen).forEach(function(id){
              if(now[id]) return;
              document.querySelectorAll('tr[data-id]').forEach(function(tr){
                if(tr.dataset.id===id){ tr.querySelector('td.verdict').textContent='finished (reload for the verdict)'; }
              });
            });
          }).catch(function(){});
        }
        poll(); setInterval(poll,2000);
      })();
      """;
}
