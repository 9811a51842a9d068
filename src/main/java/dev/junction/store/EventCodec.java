package dev.junction.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one codec of event payloads: a JSON object with the schema version under {@code v}; a
 * {@link StoreEvent.Fact}'s fields at its top, a read-table event under {@code row} beside the
 * fields its caller gave (a gate run: its verdict); lists are JSON arrays. Reads every kind's
 * payload back to its record, including payloads of earlier versions: no {@code v}, lists written
 * as one comma-joined string, numbers and booleans written as strings. One mapper, shared and
 * thread-safe.
 */
public final class EventCodec {
  /** The payload schema this version writes. */
  public static final int VERSION = 1;

  /** Each kind's record type, in the order of {@link StoreEvent}. */
  private static final Map<String, Class<? extends StoreEvent>> TYPES = new LinkedHashMap<>();

  static {
    type(StoreEvent.RequestOpened.class, "request.opened");
    type(StoreEvent.RequestEnded.class, "request.closed", "request.landed");
    type(StoreEvent.ReviewGiven.class, "review.approve", "review.request-changes", "review.comment");
    type(StoreEvent.FindingMoved.class, "finding.open", "finding.resolved", "finding.accepted");
    type(StoreEvent.ReviewerAssigned.class, "request.assigned");
    type(StoreEvent.GateRunRecorded.class, "gate.run");
    type(StoreEvent.TokenIssued.class, "token.issued");
    type(StoreEvent.TokenRevoked.class, "token.revoked");
    type(StoreEvent.LandStarted.class, "land.started");
    type(StoreEvent.LandCandidate.class, "land.candidate");
    type(StoreEvent.LandGated.class, "land.gated");
    type(StoreEvent.LandMoving.class, "land.moving");
    type(StoreEvent.LandRetry.class, "land.retry");
    type(StoreEvent.LandMoved.class, "land.moved");
    type(StoreEvent.LandDone.class, "land.done");
    type(StoreEvent.LandRolledBack.class, "land.rolled-back");
    type(StoreEvent.LandAborted.class, "land.aborted");
    type(StoreEvent.RolledBack.class, "rollback");
    type(StoreEvent.RollbackMoving.class, "rollback.moving");
    type(StoreEvent.RollbackRetry.class, "rollback.retry");
    type(StoreEvent.RollbackMoved.class, "rollback.moved");
    type(StoreEvent.RollbackAborted.class, "rollback.aborted");
    type(StoreEvent.OverrideGranted.class, "override.granted");
    type(StoreEvent.OverrideClosed.class, "override.closed");
    type(StoreEvent.OverrideReviewed.class, "override.reviewed");
    type(StoreEvent.OverridePushed.class, "override.push");
    type(StoreEvent.BranchMoved.class, "branch.moved");
    type(StoreEvent.EscalationReached.class, "escalation");
    type(StoreEvent.ConflictSeen.class, "conflict.seen");
    type(StoreEvent.ConflictCleared.class, "conflict.cleared");
    type(StoreEvent.ClashSeen.class, "clash.seen");
    type(StoreEvent.ClashResolved.class, "clash.resolved");
    type(StoreEvent.ActedOnBehalf.class, "token.on-behalf");
  }

  /** The mapper, made on first use: reading a list field needs none. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private EventCodec() {}

  private static void type(Class<? extends StoreEvent> type, String... kinds) {
    for (String kind : kinds) {
      TYPES.put(kind, type);
    }
  }

  /**
   * The kinds whose events are {@code type}s (a record, or a family such as
   * {@link StoreEvent.LandStep}), in a fixed order.
   */
  static List<String> kinds(Class<? extends StoreEvent> type) {
    List<String> out = new ArrayList<>();
    TYPES.forEach((kind, t) -> {
      if (type.isAssignableFrom(t)) {
        out.add(kind);
      }
    });
    return out;
  }

  /** Whether events of {@code kind} feed a read table (and so are replayed by a rebuild). */
  static boolean projected(String kind) {
    Class<? extends StoreEvent> type = TYPES.get(kind);
    return type != null && !StoreEvent.Fact.class.isAssignableFrom(type);
  }

  /** {@code value} (a record, a map) as a JSON object with the schema version. */
  public static String write(Object value) {
    ObjectNode node = value == null ? Mapper.JSON.createObjectNode() : Mapper.JSON.valueToTree(value);
    node.put("v", VERSION);
    return node.toString();
  }

  /**
   * The payload of {@code event}: a caller's payload (a JSON object, or empty) with the schema
   * version and the event's fields, at the top for a fact, under {@code row} for a read-table event.
   */
  static String write(String payload, StoreEvent event) {
    ObjectNode node = object(payload);
    if (event instanceof StoreEvent.Fact) {
      node.setAll((ObjectNode) Mapper.JSON.valueToTree(event));
    } else {
      if (event instanceof StoreEvent.GateRunRecorded g && g.verdict() != null) {
        node.setAll((ObjectNode) Mapper.JSON.valueToTree(g.verdict()));
      }
      node.set("row", Mapper.JSON.valueToTree(event));
    }
    node.put("v", VERSION);
    return node.toString();
  }

  /** {@code value} (a list, a map, a record) as plain JSON text, as a payload holds it. */
  public static String json(Object value) {
    return Mapper.JSON.valueToTree(value).toString();
  }

  /**
   * The typed event a stored event of {@code kind} carries: empty for a kind no record types, and
   * for a read-table event written before events were typed that carries no row.
   *
   * @throws StoreException when the payload does not decode to the kind's record
   */
  static Optional<StoreEvent> read(String kind, String payload) {
    Class<? extends StoreEvent> type = TYPES.get(kind);
    if (type == null) {
      return Optional.empty();
    }
    ObjectNode node = object(payload);
    try {
      if (StoreEvent.Fact.class.isAssignableFrom(type)) {
        return Optional.of(Mapper.JSON.treeToValue(legacy(node, type), type));
      }
      JsonNode row = node.get("row");
      if (row == null || !row.isObject()) {
        return Optional.empty();
      }
      StoreEvent event = Mapper.JSON.treeToValue(row, type);
      if (event instanceof StoreEvent.GateRunRecorded g && node.has("gate") && node.has("status")) {
        event = g.with(Mapper.JSON.treeToValue(legacy(node, StoreEvent.GateVerdict.class), StoreEvent.GateVerdict.class));
      }
      return Optional.of(event);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new StoreException("cannot read the " + kind + " event's payload: " + why, e);
    }
  }

  /**
   * {@code node} as this version writes a {@code type}: the lists an earlier version wrote as
   * one comma-joined string become arrays, in nested records too. (Numbers and booleans written as
   * strings the mapper reads as they are.)
   */
  private static JsonNode legacy(JsonNode node, Class<?> type) {
    if (!type.isRecord() || !(node instanceof ObjectNode o)) {
      return node;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
      String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
      JsonNode field = o.get(name);
      if (field == null || field.isNull()) {
        continue;
      }
      if (List.class.isAssignableFrom(c.getType()) && c.getGenericType() instanceof ParameterizedType p
          && p.getActualTypeArguments()[0] instanceof Class<?> element) {
        if (element == String.class && field.isTextual()) {
          ArrayNode array = o.putArray(name);
          strings(field).forEach(array::add);
        } else if (field.isArray()) {
          field.forEach(e -> legacy(e, element));
        }
      } else if (c.getType().isRecord()) {
        legacy(field, c.getType());
      }
    }
    return o;
  }

  /** The payload's fields, for tools and tests that look at a payload as stored. */
  public static JsonNode fields(String payload) {
    return object(payload);
  }

  /**
   * A list field of a payload: a JSON array of strings, or (in events written before lists were
   * arrays) one comma-joined string; empty when absent.
   */
  public static List<String> strings(JsonNode field) {
    List<String> out = new ArrayList<>();
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
