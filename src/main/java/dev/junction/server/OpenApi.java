package dev.junction.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The OpenAPI 3.1 document of a route table: one operation per route, its parameters and statuses. */
final class OpenApi {
  private OpenApi() {}

  static Map<String, Object> document(List<Route> routes) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("title", "Junction");
    String version = OpenApi.class.getPackage().getImplementationVersion();
    info.put("version", version == null ? "dev" : version);
    info.put("description", "The merge coordinator's server: the CLI's operations as JSON resources; each body is "
        + "what the CLI prints with --json for the same question.");
    doc.put("info", info);
    Map<String, Map<String, Object>> paths = new LinkedHashMap<>();
    for (Route r : routes) {
      paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>()).put(r.method().toLowerCase(Locale.ROOT), operation(r));
    }
    doc.put("paths", paths);
    return doc;
  }

  private static Map<String, Object> operation(Route r) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", operationId(r));
    op.put("summary", r.summary());
    List<Map<String, Object>> parameters = new ArrayList<>();
    for (Route.Param p : r.parameters()) {
      Map<String, Object> param = new LinkedHashMap<>();
      param.put("name", p.name());
      param.put("in", p.in().word());
      param.put("required", p.required());
      param.put("description", p.description());
      param.put("schema", p.repeated() ? Map.of("type", "array", "items", Map.of("type", "string"))
          : Map.of("type", "string"));
      if (p.repeated()) {
        param.put("explode", true);
      }
      parameters.add(param);
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    if (!r.method().equals("GET")) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("required", true);
      body.put("content", Map.of("application/json", Map.of()));
      op.put("requestBody", body);
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    if (r.accepted()) {
      responses.put("202", response("Accepted: it goes on after the answer; the body and Location name it.",
          "application/json"));
    } else {
      responses.put("200", response(r.events() ? "A stream of server-sent events." : "Done, or the answer is yes.",
          r.events() ? "text/event-stream" : "application/json"));
    }
    if (!r.events()) {
      responses.put("409", response("The answer is no (conflict, policy not met, not installed): the body says why.",
          "application/json"));
      responses.put("403", response("The acting member may not do this.", "application/json"));
      responses.put("423", response("Blocked by something outside the request's reach.", "application/json"));
    }
    if (r.parameters().contains(Writes.AUTHORIZATION)) {
      responses.put("401", response("No valid bearer token: {error}.", "application/json"));
    }
    if (r.parameters().stream().anyMatch(p -> p.in() == Route.In.PATH)) {
      responses.put("404", response("No such resource: {error}.", "application/json"));
    }
    responses.put("400", response("Bad input: {error, pointer} with a JSON pointer to the field at fault.",
        "application/json"));
    responses.put("500", response("Internal error: {error}; the server logs it.", "application/json"));
    op.put("responses", responses);
    return op;
  }

  private static Map<String, Object> response(String description, String mediaType) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("description", description);
    out.put("content", Map.of(mediaType, Map.of()));
    return out;
  }

  /** {@code GET /api/tasks/{id}} as {@code getApiTasksId}. */
  static String operationId(Route r) {
    StringBuilder b = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
    for (String part : r.path().split("[/{}._-]+")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }
}
