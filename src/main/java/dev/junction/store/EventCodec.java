package dev.junction.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Optional;

/**
 * The one codec of event payloads: a JSON object with the schema version under {@code v} and, for
 * the typed events, the {@link StoreEvent} under {@code row}; lists are JSON arrays. One mapper,
 * shared and thread-safe.
 */
public final class EventCodec {
  /** The payload schema this version writes. */
  public static final int VERSION = 1;

  /** The mapper, made on first use: reading a list field needs none. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private EventCodec() {}

  /** {@code value} (a record, a map) as a JSON object with the schema version. */
  public static String write(Object value) {
    ObjectNode node = value == null ? Mapper.JSON.createObjectNode() : Mapper.JSON.valueToTree(value);
    node.put("v", VERSION);
    return node.toString();
  }

  /** A caller's payload (a JSON object, or empty) with the schema version and {@code event} under {@code row}. */
  static String write(String payload, StoreEvent event) {
    ObjectNode node = object(payload);
    node.put("v", VERSION);
    node.set("row", Mapper.JSON.valueToTree(event));
    return node.toString();
  }

  /** The typed event a stored event of {@code kind} carries, when it carries one. */
  static Optional<StoreEvent> read(String kind, String payload) {
    JsonNode row = object(payload).get("row");
    if (row == null || !row.isObject()) {
      return Optional.empty();
    }
    Class<? extends StoreEvent> type = type(kind);
    if (type == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Mapper.JSON.treeToValue(row, type));
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot read the " + kind + " event's payload: " + e.getOriginalMessage(), e);
    }
  }

  /** The payload's fields, for readers of untyped events. */
  public static JsonNode fields(String payload) {
    return object(payload);
  }

  /**
   * A list field of a payload: a JSON array of strings, or (in events written before lists were
   * arrays) one comma-joined string; empty when absent.
   */
  public static java.util.List<String> strings(JsonNode field) {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (field != null && field.isArray()) {
      field.forEach(v -> out.add(v.asText()));
    } else if (field != null && field.isTextual()) {
      for (String v : field.asText().split(",")) {
        if (!v.strip().isEmpty()) {
          out.add(v.strip());
        }
      }
    }
    return out;
  }

  private static Class<? extends StoreEvent> type(String kind) {
    if (kind.equals("request.opened")) {
      return StoreEvent.RequestOpened.class;
    }
    if (kind.equals("request.closed") || kind.equals("request.landed")) {
      return StoreEvent.RequestEnded.class;
    }
    if (kind.equals("request.assigned")) {
      return StoreEvent.ReviewerAssigned.class;
    }
    if (kind.startsWith("review.")) {
      return StoreEvent.ReviewGiven.class;
    }
    if (kind.startsWith("finding.")) {
      return StoreEvent.FindingMoved.class;
    }
    if (kind.equals("gate.run")) {
      return StoreEvent.GateRunRecorded.class;
    }
    return null;
  }

  private static ObjectNode object(String payload) {
    if (payload == null || payload.isBlank()) {
      return Mapper.JSON.createObjectNode();
    }
    try {
      JsonNode node = Mapper.JSON.readTree(payload);
      if (node instanceof ObjectNode o) {
        return o;
      }
      ObjectNode wrapped = Mapper.JSON.createObjectNode();
      wrapped.set("value", node);
      return wrapped;
    } catch (JsonProcessingException e) {
      throw new StoreException("an event payload is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
