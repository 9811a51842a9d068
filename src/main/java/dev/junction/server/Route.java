package dev.junction.server;

import java.util.List;
import java.util.Objects;

/**
 * One resource: what registers it with Javalin and what the OpenAPI document says of it, from
 * the same record so the two cannot drift.
 *
 * @param method {@code GET}, {@code POST}...
 * @param path Javalin's and OpenAPI's template, {@code /api/tasks/{id}}
 * @param events whether it answers a stream of server-sent events instead of one JSON body
 * @param accepted whether it answers 202 when done: what it started goes on after the answer
 */
record Route(String method, String path, String summary, List<Param> parameters, boolean events, boolean accepted,
    Action action) {
  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(summary, "summary");
    parameters = List.copyOf(parameters);
  }

  /** A route that answers 200 when done. */
  Route(String method, String path, String summary, List<Param> parameters, boolean events, Action action) {
    this(method, path, summary, parameters, events, false, action);
  }

  /** Where a parameter travels. */
  enum In {
    PATH, QUERY, HEADER;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One parameter: its name on the wire, where it travels, whether it must be there, what it means. */
  record Param(String name, In in, boolean required, boolean repeated, String description) {
    static Param path(String name, String description) {
      return new Param(name, In.PATH, true, false, description);
    }

    static Param query(String name, String description) {
      return new Param(name, In.QUERY, false, false, description);
    }

    static Param required(String name, String description) {
      return new Param(name, In.QUERY, true, false, description);
    }

    static Param repeated(String name, String description) {
      return new Param(name, In.QUERY, false, true, description);
    }

    static Param header(String name, String description) {
      return new Param(name, In.HEADER, false, false, description);
    }
  }

  /** What a route does with one request: answers its status and JSON body. */
  @FunctionalInterface
  interface Action {
    Answer on(Request request) throws Exception;
  }
}
