package io.gauntlet.checker.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads {@code history.jsonl} as a stream: one line at a time, each parsed with Jackson's streaming
 * parser (only {@code value} becomes a tree), validated, and handed on. Nothing is held beyond the
 * current line and per-process validation state, so {@link #forEach} scales to any length and
 * {@link #read} holds each event once. Blank lines are skipped; every other problem is a {@link
 * HistoryFormatException} naming the line.
 */
public final class HistoryReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private HistoryReader() {}

  /** Reads and validates the whole file into memory. Errors name the path as given. */
  public static History read(Path file) throws IOException {
    History.Builder b = History.builder(file.toString());
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      parse(r, file.toString(), b::add);
    }
    return b.build();
  }

  /** Reads and validates a history from {@code reader}; {@code source} names it in errors. */
  public static History read(Reader reader, String source) throws IOException {
    History.Builder b = History.builder(source);
    parse(reader, source, b::add);
    return b.build();
  }

  /** Streams validated events of {@code file} to {@code sink} without holding them. */
  public static void forEach(Path file, Consumer<Op> sink) throws IOException {
    HistoryValidator v = new HistoryValidator(file.toString());
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      parse(r, file.toString(), (op, line) -> {
        v.accept(op, line);
        sink.accept(op);
      });
    }
  }

  /** Receives each parsed event with its 1-based line number. */
  @FunctionalInterface
  interface LineSink {
    void accept(Op op, long line);
  }

  static void parse(Reader reader, String source, LineSink sink) throws IOException {
    BufferedReader in = reader instanceof BufferedReader br ? br : new BufferedReader(reader, 1 << 16);
    long lineNo = 0;
    String line;
    try {
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        sink.accept(parseLine(line, source, lineNo), lineNo);
      }
    } catch (java.nio.charset.MalformedInputException e) {
      throw new HistoryFormatException(source, lineNo + 1, "not valid UTF-8 text");
    }
  }

  /** Parses one line into an event; fields not in the format are ignored (forward compatible). */
  static Op parseLine(String line, String source, long lineNo) {
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new HistoryFormatException(source, lineNo, "expected a JSON object, got: " + abbreviate(line));
      }
      Long index = null;
      Long time = null;
      OpType type = null;
      Integer process = null;
      String f = null;
      String key = null;
      JsonNode value = null;
      String node = null;
      String error = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "index" -> index = integer(p, v, "index", source, lineNo);
          case "time" -> time = integer(p, v, "time", source, lineNo);
          case "type" -> {
            String s = v == JsonToken.VALUE_STRING ? p.getText() : null;
            type = OpType.fromJson(s);
            if (type == null) {
              throw new HistoryFormatException(source, lineNo, "\"type\" must be one of \"invoke\","
                  + " \"ok\", \"fail\", \"info\", got " + found(p, v));
            }
          }
          case "process" -> {
            if (v == JsonToken.VALUE_STRING && "nemesis".equals(p.getText())) {
              process = Op.NEMESIS;
            } else if (v == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0
                && p.getLongValue() <= Integer.MAX_VALUE) {
              process = p.getIntValue();
            } else {
              throw new HistoryFormatException(source, lineNo, "\"process\" must be a non-negative"
                  + " integer or \"nemesis\", got " + found(p, v));
            }
          }
          case "f" -> f = string(p, v, "f", source, lineNo);
          case "key" -> key = v == JsonToken.VALUE_NULL ? null : string(p, v, "key", source, lineNo);
          case "node" -> node = v == JsonToken.VALUE_NULL ? null : string(p, v, "node", source, lineNo);
          case "error" -> error = v == JsonToken.VALUE_NULL ? null
              : v == JsonToken.VALUE_STRING ? p.getText() : MAPPER.readTree(p).toString();
          case "value" -> value = MAPPER.readTree(p);
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new HistoryFormatException(source, lineNo, "malformed JSON object: " + abbreviate(line));
      }
      if (p.nextToken() != null) {
        throw new HistoryFormatException(source, lineNo, "more than one JSON value on the line"
            + " (one operation per line)");
      }
      requirePresent(index, "index", source, lineNo);
      requirePresent(type, "type", source, lineNo);
      requirePresent(process, "process", source, lineNo);
      requirePresent(f, "f", source, lineNo);
      requirePresent(time, "time", source, lineNo);
      return new Op(index, type, process, f, key, value, time, node, error);
    } catch (JsonProcessingException e) {
      throw new HistoryFormatException(source, lineNo, "malformed JSON at column "
          + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HistoryFormatException(source, lineNo, "unreadable line: " + e.getMessage());
    }
  }

  private static long integer(JsonParser p, JsonToken v, String field, String source, long line)
      throws IOException {
    if (v != JsonToken.VALUE_NUMBER_INT) {
      throw new HistoryFormatException(source, line, "\"" + field + "\" must be an integer, got "
          + found(p, v));
    }
    return p.getLongValue();
  }

  private static String string(JsonParser p, JsonToken v, String field, String source, long line)
      throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      throw new HistoryFormatException(source, line, "\"" + field + "\" must be a string, got "
          + found(p, v));
    }
    return p.getText();
  }

  /** What was found instead, as it is written in JSON: strings quoted, containers named. */
  private static String found(JsonParser p, JsonToken v) throws IOException {
    return switch (v) {
      case VALUE_STRING -> MAPPER.writeValueAsString(p.getText());
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> p.getText();
    };
  }

  private static void requirePresent(Object o, String field, String source, long line) {
    if (o == null) {
      throw new HistoryFormatException(source, line, "missing required field \"" + field + "\"");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
