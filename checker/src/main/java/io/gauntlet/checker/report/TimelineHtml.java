package io.gauntlet.checker.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.history.History;
import io.gauntlet.checker.history.Op;
import io.gauntlet.checker.history.OpType;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * {@code timeline.html}: one lane per process (the nemesis first), each call a box from invoke to
 * completion coloured by outcome, nemesis intervals as bands, details on hover. The page is one
 * file with no external resources: the calls are embedded as JSON columns and drawn on a canvas,
 * only the visible part each frame, so it stays usable at 100k+ calls.
 */
public final class TimelineHtml {
  /** Values longer than this are cut in the page (the history file keeps them whole). */
  private static final int MAX_VALUE_CHARS = 200;
  private static final JsonFactory JSON = new JsonFactory();

  private TimelineHtml() {}

  public static void write(History history, String title, Path file) throws IOException {
    Html.write(file, render(history, title));
  }

  static String render(History history, String title) throws IOException {
    List<Call> calls = new ArrayList<>(history.nemesisCalls());
    calls.addAll(history.calls());
    TreeSet<Integer> procs = new TreeSet<>();
    calls.forEach(c -> procs.add(c.process()));
    Map<Integer, Integer> lane = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int p : procs) { // Op.NEMESIS (-1) sorts first
      lane.put(p, names.size());
      names.add(p == Op.NEMESIS ? "nemesis" : Integer.toString(p));
    }
    Map<String, Integer> fs = new LinkedHashMap<>();
    calls.forEach(c -> fs.putIfAbsent(c.f(), fs.size()));

    StringWriter sw = new StringWriter(calls.size() * 96 + 1024);
    try (JsonGenerator g = JSON.createGenerator(sw)) {
      g.writeStartObject();
      g.writeNumberField("last", history.size() == 0 ? 0 : history.get(history.size() - 1).time());
      strings(g, "processes", names);
      strings(g, "fs", new ArrayList<>(fs.keySet()));
      numbers(g, "lane", calls, c -> lane.get(c.process()));
      numbers(g, "start", calls, c -> c.invoke().time());
      numbers(g, "end", calls, c -> c.completion() == null ? -1 : c.completion().time());
      numbers(g, "outcome", calls, c -> c.outcome() == OpType.OK ? 0 : c.outcome() == OpType.FAIL ? 1 : 2);
      numbers(g, "f", calls, c -> fs.get(c.f()));
      numbers(g, "inv", calls, c -> c.invoke().index());
      numbers(g, "cmp", calls, c -> c.completion() == null ? -1 : c.completion().index());
      strings(g, "key", calls, c -> c.key() == null ? "" : c.key());
      strings(g, "arg", calls, c -> value(c.invoke().value()));
      strings(g, "res", calls, c -> c.completion() == null ? "" : value(c.completion().value()));
      strings(g, "err", calls, c -> c.completion() == null || c.completion().error() == null ? ""
          : c.completion().error());
      strings(g, "node", calls, c -> c.invoke().node() == null ? "" : c.invoke().node());
      g.writeArrayFieldStart("nemesis");
      for (NemesisIntervals.Interval iv : NemesisIntervals.of(history)) {
        g.writeStartArray();
        g.writeNumber(iv.start());
        g.writeNumber(iv.end());
        g.writeString(iv.name());
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return Html.template("timeline.html")
        .replace("@TITLE@", Html.text(title))
        .replace("@DATA@", Html.scriptJson(sw.toString()));
  }

  private static String value(JsonNode v) {
    return v == null ? "" : Html.abbreviate(v.toString(), MAX_VALUE_CHARS);
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  private static void strings(JsonGenerator g, String field, List<Call> calls, Function<Call, String> f)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (Call c : calls) {
      g.writeString(f.apply(c));
    }
    g.writeEndArray();
  }

  private static void numbers(JsonGenerator g, String field, List<Call> calls, ToLongFunction<Call> f)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (Call c : calls) {
      g.writeNumber(f.applyAsLong(c));
    }
    g.writeEndArray();
  }
}
