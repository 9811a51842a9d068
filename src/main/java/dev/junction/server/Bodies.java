package dev.junction.server;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.junction.app.InvalidInput;
import dev.junction.plan.InputError;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Request bodies: JSON read into an input record, strictly. An unknown field, a missing or
 * mistyped one, trailing text or a syntax error is bad input whose field is a JSON pointer to
 * where it went wrong; a body over the server's limit is refused (413) before it is parsed.
 */
final class Bodies {
  private Bodies() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
  }

  /** A body larger than the limit: answered 413. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("request body over " + limit + " bytes", null, false, false);
    }
  }

  /** The request's body as a {@code type}, at most {@code limit} bytes of it. */
  static <T extends Record> T read(Context ctx, Class<T> type, long limit) throws IOException {
    return read(bytes(ctx, limit), type);
  }

  /**
   * The request's body, at most {@code limit} bytes of it.
   *
   * @throws TooLarge when it says or turns out to be longer
   */
  static byte[] bytes(Context ctx, long limit) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw new TooLarge(limit);
    }
    return bytes(ctx.bodyInputStream(), limit);
  }

  static byte[] bytes(InputStream in, long limit) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (bytes.length > limit) {
      throw new TooLarge(limit);
    }
    return bytes;
  }

  /**
   * {@code in} as a {@code type}.
   *
   * @throws TooLarge when it holds more than {@code limit} bytes
   * @throws InvalidInput when it is not JSON for a {@code type}, its field the pointer to the fault
   */
  static <T extends Record> T read(InputStream in, Class<T> type, long limit) throws IOException {
    return read(bytes(in, limit), type);
  }

  /**
   * {@code bytes} as a {@code type}.
   *
   * @throws InvalidInput when they are not JSON for a {@code type}, its field the pointer to the fault
   */
  static <T extends Record> T read(byte[] bytes, Class<T> type) throws IOException {
    Objects.requireNonNull(type, "type");
    try {
      T value = Holder.MAPPER.readValue(bytes, type);
      if (value == null) {
        throw new InvalidInput(new InputError("", "expected a JSON object, got null"));
      }
      return value;
    } catch (JsonProcessingException e) {
      // A syntax error inside a value reaches us wrapped in a mapping error whose path stops at the
      // enclosing object; the parser knows the field it was reading.
      StreamReadException syntax = e instanceof StreamReadException s ? s
          : e.getCause() instanceof StreamReadException s ? s : null;
      if (syntax != null) {
        String at = syntax.getProcessor() == null ? "" : pointer(syntax.getProcessor().getParsingContext());
        throw new InvalidInput(new InputError(at, "malformed JSON: " + syntax.getOriginalMessage()));
      }
      String at = e instanceof JsonMappingException m ? pointer(m) : "";
      throw new InvalidInput(new InputError(at, e.getOriginalMessage()));
    }
  }

  /** Where a parser stood, as a JSON pointer: the field it was reading, or the element. */
  static String pointer(JsonStreamContext context) {
    java.util.ArrayDeque<String> tokens = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        tokens.push(Answer.escape(c.getCurrentName()));
      } else if (c.inArray() && c.getCurrentIndex() >= 0) {
        tokens.push(Integer.toString(c.getCurrentIndex()));
      }
    }
    StringBuilder b = new StringBuilder();
    tokens.forEach(t -> b.append('/').append(t));
    return b.toString();
  }

  /** Where a mapping failed, as a JSON pointer: {@code /findings/0/line}; empty for the whole body. */
  static String pointer(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append('/').append(Answer.escape(r.getFieldName()));
      } else if (r.getIndex() >= 0) {
        b.append('/').append(r.getIndex());
      }
    }
    return b.toString();
  }
}
