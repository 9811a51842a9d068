package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.junction.conflict.Finding;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON contract: the one writer of what every face prints or serves. Outcome cases carry
 * their names explicitly ({@link JsonTypeName}); a case without one is a defect, not a name
 * guessed from the class. The mapper is built on first use so text commands never load Jackson.
 */
public final class JsonContract {
  private JsonContract() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
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

  /** The name an outcome case goes by: its {@link JsonTypeName}. */
  public static String typeName(Class<?> type) {
    JsonTypeName name = type.getAnnotation(JsonTypeName.class);
    if (name == null || name.value().isEmpty()) {
      throw new IllegalStateException(type.getName() + " has no @JsonTypeName: every outcome case names itself");
    }
    return name.value();
  }

  /** A sealed outcome as JSON with its case named first: {@code {"outcome": "landed", ...}}. */
  public static Map<String, Object> tagged(Record outcome) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outcome", typeName(outcome.getClass()));
    for (RecordComponent c : outcome.getClass().getRecordComponents()) {
      try {
        out.put(c.getName(), c.getAccessor().invoke(outcome));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** {@code value} as indented JSON. */
  public static String write(Object value) {
    try {
      return Holder.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }
}
