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

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EventCodec() {}

  /** {@code value} (a record, a map) as a JSON object with the schema version. */
  public static String write(Object value) {
    ObjectNode node = value == null ? JSON.createObjectNode() : JSON.valueToTree(value);
    node.put("v", VERSION);
    return node.toString();
  }

  /** A caller's payload (a JSON object, or empty) with the schema version and {@code event} under {@code row}. */
  static String write(String payload, StoreEvent event) {
    ObjectNode node = object(payload);
    node.put("v", VERSION);
    node.set("row", JSON.valueToTree(event));
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
      return Optional.of(JSON.treeToValue(row, type));
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot read the " + kind + " event's payload: " + e.getOriginalMessage(), e);
    }
  }

  /** The payload's fields, for readers of untyped events. */
  public static JsonNode fields(String payload) {
    return object(payload);
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
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(payload);
      if (node instanceof ObjectNode o) {
        return o;
      }
      ObjectNode wrapped = JSON.createObjectNode();
      wrapped.set("value", node);
      return wrapped;
    } catch (JsonProcessingException e) {
      throw new StoreException("an event payload is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
