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

  static void print(PrintWriter out, Object value) {
    try {
      out.println(Holder.MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }
}
