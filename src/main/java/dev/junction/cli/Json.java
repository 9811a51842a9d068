package dev.junction.cli;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.junction.conflict.Finding;
import java.io.PrintWriter;

/** JSON output; the mapper is built on first use so text commands never load Jackson. */
final class Json {
  private Json() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
        .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .addMixIn(Finding.class, FindingJson.class);
  }

  /** Findings carry their type as a {@code "type"} field: content, ownership, interface, dependency. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Finding.Content.class, name = "content"),
    @JsonSubTypes.Type(value = Finding.Ownership.class, name = "ownership"),
    @JsonSubTypes.Type(value = Finding.Interface.class, name = "interface"),
    @JsonSubTypes.Type(value = Finding.Dependency.class, name = "dependency")
  })
  private interface FindingJson {}

  /** A sealed outcome as JSON with its case named: {@code {"outcome": "landed", ...}}. */
  static java.util.Map<String, Object> tagged(Record outcome) {
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    String name = outcome.getClass().getSimpleName();
    out.put("outcome", name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT));
    for (java.lang.reflect.RecordComponent c : outcome.getClass().getRecordComponents()) {
      try {
        out.put(c.getName(), c.getAccessor().invoke(outcome));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  static void print(PrintWriter out, Object value) {
    try {
      out.println(Holder.MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }
}
