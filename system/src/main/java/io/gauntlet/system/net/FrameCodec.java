package io.gauntlet.system.net;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import io.gauntlet.system.runtime.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes a frame body (without its length prefix) as one Jackson Smile object:
 * {@code {k: kind, c: correlation, f: from, t: type name, b: message}}. The type name precedes the
 * body so the decoder knows the record class before it reads it; only registered classes are
 * decoded. Byte arrays are written raw (not 7-bit encoded) because shuffle chunks are large.
 */
public final class FrameCodec {
  private final ObjectMapper mapper;
  private final MessageTypes types;

  public FrameCodec(MessageTypes types) {
    this.types = types;
    SmileFactory factory =
        SmileFactory.builder().disable(SmileGenerator.Feature.ENCODE_BINARY_AS_7BIT).build();
    this.mapper =
        new ObjectMapper(factory).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  byte[] encode(Frame.Kind kind, long correlation, String from, Message body) {
    String typeName = types.nameOf(body.getClass());
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = mapper.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("k", kind.ordinal());
      g.writeNumberField("c", correlation);
      g.writeStringField("f", from);
      g.writeStringField("t", typeName);
      g.writeFieldName("b");
      mapper.writeValue(g, body);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + typeName + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  Frame decode(byte[] bytes) {
    Integer kind = null;
    long correlation = 0;
    String from = null;
    String typeName = null;
    Message body = null;
    try (JsonParser p = mapper.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedFrameException("frame is not a Smile object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "k" -> kind = p.getIntValue();
          case "c" -> correlation = p.getLongValue();
          case "f" -> from = p.getValueAsString();
          case "t" -> typeName = p.getValueAsString();
          case "b" -> {
            if (typeName == null) {
              throw new MalformedFrameException("frame body precedes its type name");
            }
            Class<? extends Message> type = types.typeOf(typeName);
            if (type == null) {
              throw new MalformedFrameException("unknown message type '" + typeName + "'");
            }
            body = mapper.readValue(p, type);
          }
          default -> p.skipChildren();
        }
      }
    } catch (MalformedFrameException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new MalformedFrameException("undecodable frame (" + e.getMessage() + ")", e);
    }
    if (kind == null || from == null || body == null) {
      throw new MalformedFrameException("frame lacks kind, sender or body");
    }
    return new Frame(Frame.Kind.of(kind), correlation, from, body);
  }
}
