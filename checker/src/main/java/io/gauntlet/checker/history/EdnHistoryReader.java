package io.gauntlet.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.TaggedValue;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * Reads a Jepsen/Knossos history in EDN ({@code history.edn}) with edn-java: op maps one after the
 * other (Jepsen's store format; {@code #jepsen.history.Op{...}} records too), or one vector or list
 * of op maps (Knossos's test files). Each op becomes an {@link Op} and is validated as a
 * JSONL line is; every error names the line. What differs from JSONL, following Jepsen:
 *
 * <ul>
 *   <li>{@code :type}, {@code :f} are keywords; {@code :process :nemesis} is the nemesis.
 *   <li>{@code :index} and {@code :time} may be absent (Knossos's files): the index is then the
 *       op's position, the time the previous op's (0 at the start).
 *   <li>Independent keys: when every client invoke's {@code :value} is a two-element vector and
 *       none has a {@code :key}, the history is a {@code jepsen.independent} one and each value
 *       {@code [k v]} is read as key {@code k}, value {@code v}. A {@code :key} field is read too.
 *   <li>Knossos's read semantics: an {@code :ok} {@code :read} whose value is nil did not see a
 *       known value, and matches any state. It is read as an ok read without a value (in JSONL, an
 *       ok read with no {@code "value"} field), unless the op carries {@code :gauntlet/null true}
 *       ({@code gauntlet edn} writes that for a read of JSON null, "never written").
 * </ul>
 */
public final class EdnHistoryReader {
  private static final Keyword INDEX = Keyword.newKeyword("index");
  private static final Keyword TYPE = Keyword.newKeyword("type");
  private static final Keyword PROCESS = Keyword.newKeyword("process");
  private static final Keyword F = Keyword.newKeyword("f");
  private static final Keyword VALUE = Keyword.newKeyword("value");
  private static final Keyword TIME = Keyword.newKeyword("time");
  private static final Keyword KEY = Keyword.newKeyword("key");
  private static final Keyword NODE = Keyword.newKeyword("node");
  private static final Keyword ERROR = Keyword.newKeyword("error");
  private static final Keyword NEMESIS = Keyword.newKeyword("nemesis");
  private static final Keyword INVOKE = Keyword.newKeyword("invoke");
  /** Marks a nil that is JSON null (a read of a never-written register), not Knossos's "unknown". */
  public static final Keyword GAUNTLET_NULL = Keyword.newKeyword("gauntlet", "null");

  private EdnHistoryReader() {}

  /** One op map as parsed, with the line it starts on. */
  private record Raw(Map<?, ?> map, long line) {}

  public static History read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString());
    } catch (java.nio.charset.MalformedInputException e) {
      throw new HistoryFormatException(file.toString(), 1, "not valid UTF-8 text");
    }
  }

  /** Reads and validates a history; {@code source} names it in errors. */
  public static History read(Reader reader, String source) throws IOException {
    List<Raw> raws = parse(reader, source);
    boolean independent = isIndependent(raws);
    History.Builder b = History.builder(source);
    long time = 0;
    for (Raw raw : raws) {
      Op op = op(raw, b.nextIndex(), time, independent, source);
      time = op.time();
      b.add(op, raw.line);
    }
    return b.build();
  }

  private static List<Raw> parse(Reader reader, String source) throws IOException {
    LineParseable in = new LineParseable(reader);
    Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
    List<Raw> out = new ArrayList<>();
    long vectorLine = -1; // line of the top-level '[' or '(' while inside it
    int close = -1; // the character that closes it
    boolean vectorSeen = false;
    while (true) {
      int c = in.peekPastWhitespace();
      if (c == Parseable.END_OF_INPUT) {
        if (vectorLine >= 0) {
          throw new HistoryFormatException(source, in.line(), "end of file inside the "
              + (close == ']' ? "vector" : "list") + " of ops opened at line " + vectorLine
              + " (missing '" + (char) close + "')");
        }
        return out;
      }
      if ((c == '[' || c == '(') && out.isEmpty() && !vectorSeen) {
        in.read();
        vectorLine = in.line();
        close = c == '[' ? ']' : ')';
        vectorSeen = true;
        continue;
      }
      if (c == close && vectorLine >= 0) {
        in.read();
        vectorLine = -1;
        continue;
      }
      long line = in.line();
      Object v;
      try {
        v = parser.nextValue(in);
      } catch (EdnException e) {
        throw new HistoryFormatException(source, in.line(), "malformed EDN: " + e.getMessage());
      }
      if (v == Parser.END_OF_INPUT) {
        return out;
      }
      if (v instanceof TaggedValue t && t.getValue() instanceof Map<?, ?>) {
        v = t.getValue(); // a record, e.g. #jepsen.history.Op{...}
      }
      if (!(v instanceof Map<?, ?> m)) {
        throw new HistoryFormatException(source, line, "expected an op map {:type ..., :f ...},"
            + " got " + EdnValues.show(v));
      }
      out.add(new Raw(m, line));
    }
  }

  /** Jepsen's independent convention: every client invoke's value is a [key value] tuple. */
  private static boolean isIndependent(List<Raw> raws) {
    boolean any = false;
    for (Raw r : raws) {
      Map<?, ?> m = r.map;
      if (!INVOKE.equals(m.get(TYPE)) || NEMESIS.equals(m.get(PROCESS))) {
        continue;
      }
      if (m.containsKey(KEY) || !(m.get(VALUE) instanceof List<?> l) || l.size() != 2) {
        return false;
      }
      any = true;
    }
    return any;
  }

  private static Op op(Raw raw, long position, long previousTime, boolean independent, String source) {
    Map<?, ?> m = raw.map;
    long line = raw.line;
    Object t = m.get(TYPE);
    OpType type = t instanceof Keyword k && k.getPrefix().isEmpty() ? OpType.fromJson(k.getName()) : null;
    if (type == null) {
      throw new HistoryFormatException(source, line, t == null ? "missing required key :type"
          : ":type must be one of :invoke, :ok, :fail, :info, got " + EdnValues.show(t));
    }
    int process = process(m.get(PROCESS), source, line);
    Object f = m.get(F);
    if (!(f instanceof Keyword || f instanceof String || f instanceof us.bpsm.edn.Symbol)) {
      throw new HistoryFormatException(source, line, f == null ? "missing required key :f"
          : ":f must be a keyword or a string, got " + EdnValues.show(f));
    }
    String fn = EdnValues.text(f);
    long index = integer(m, INDEX, position, source, line);
    long time = integer(m, TIME, previousTime, source, line);
    Object key = m.get(KEY);
    boolean hasValue = m.containsKey(VALUE);
    Object value = m.get(VALUE);
    if (independent && key == null && process != Op.NEMESIS && value instanceof List<?> tuple
        && tuple.size() == 2) {
      key = tuple.get(0);
      value = tuple.get(1);
    }
    JsonNode json;
    if (value == null && type == OpType.OK && fn.equals("read") && !Boolean.TRUE.equals(m.get(GAUNTLET_NULL))) {
      json = null; // Knossos: an ok read of nil saw no known value, and matches any state
    } else {
      json = hasValue || value != null ? EdnValues.json(value) : null;
    }
    String keyText = key == null ? null : EdnValues.text(key);
    Object node = m.get(NODE);
    Object error = m.get(ERROR);
    return new Op(index, type, process, fn, keyText, json, time,
        node == null ? null : EdnValues.text(node), error == null ? null : EdnValues.text(error));
  }

  private static int process(Object p, String source, long line) {
    if (NEMESIS.equals(p)) {
      return Op.NEMESIS;
    }
    if (p instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
      return (int) (long) l;
    }
    throw new HistoryFormatException(source, line, p == null ? "missing required key :process"
        : ":process must be a non-negative integer or :nemesis, got " + EdnValues.show(p));
  }

  private static long integer(Map<?, ?> m, Keyword k, long absent, String source, long line) {
    Object v = m.get(k);
    if (v == null) {
      return absent;
    }
    if (v instanceof Long l) {
      return l;
    }
    throw new HistoryFormatException(source, line, k + " must be an integer, got " + EdnValues.show(v));
  }
}
