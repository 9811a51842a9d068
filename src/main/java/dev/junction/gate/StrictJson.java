package dev.junction.gate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads report JSON whole and strictly: one value and nothing after it, no repeated keys, no NaN
 * tokens. A truncated file is always an error, never a shorter tree.
 */
final class StrictJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private StrictJson() {}

  /** The document's single value, or a {@link ReportException} naming {@code file}. */
  static JsonNode parse(String file, InputStream in) throws ReportException {
    try {
      JsonNode tree = MAPPER.readTree(in);
      if (tree == null || tree.isMissingNode()) {
        throw new ReportException(file, "empty file, expected JSON");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new ReportException(file, "not valid JSON" + at(e) + ": " + problem(e), e);
    } catch (IOException e) {
      throw new ReportException(file, "not readable: " + e.getMessage(), e);
    }
  }

  private static String at(JsonProcessingException e) {
    JsonLocation where = e.getLocation();
    return where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  private static String problem(JsonProcessingException e) {
    if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing")) {
      return "more content after the first value";
    }
    // Jackson appends where an unclosed value started, with a note on source redaction: noise.
    return e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*$", "");
  }

  /** {@code node.path(field)}, checked to be an object. */
  static JsonNode object(String file, JsonNode node, String field, String where)
      throws ReportException {
    JsonNode value = node.path(field);
    if (!value.isObject()) {
      throw new ReportException(file, where + "." + field + " is " + kind(value)
          + ", expected an object");
    }
    return value;
  }

  /** {@code node.path(field)}, checked to be an array. */
  static JsonNode array(String file, JsonNode node, String field, String where)
      throws ReportException {
    JsonNode value = node.path(field);
    if (!value.isArray()) {
      throw new ReportException(file, where + "." + field + " is " + kind(value)
          + ", expected an array");
    }
    return value;
  }

  /** {@code node.path(field)}, checked to be a non-blank string. */
  static String text(String file, JsonNode node, String field, String where)
      throws ReportException {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new ReportException(file, where + "." + field + " is " + kind(value)
          + ", expected a string");
    }
    return value.asText();
  }

  /** How a value reads in a message: {@code missing}, {@code a string}, {@code an object}. */
  static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case MISSING -> "missing";
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case BINARY -> "binary";
    };
  }
}
