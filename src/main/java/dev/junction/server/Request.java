package dev.junction.server;

import dev.junction.app.InvalidInput;
import dev.junction.app.Served;
import dev.junction.app.Workspace;
import dev.junction.plan.InputError;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One request to one route: its parameters, checked against those the route declares, and the
 * one way it reaches a workspace (its own, over the server's repository and store: a workspace is
 * not thread-safe).
 */
final class Request {
  private final Context ctx;
  private final Route route;
  private final ServerConfig config;
  private final Served served;
  private final AnswerCache answers;

  Request(Context ctx, Route route, ServerConfig config, Served served, AnswerCache answers) {
    this.ctx = ctx;
    this.route = route;
    this.config = config;
    this.served = served;
    this.answers = answers;
  }

  Context context() {
    return ctx;
  }

  /** The largest body this server takes. */
  long limit() {
    return config.maxBody();
  }

  /**
   * Refuses query parameters the route does not declare, and repeats of those it takes once:
   * a misspelt parameter is bad input, not a default silently used.
   */
  void checkParameters() {
    Set<String> known = route.parameters().stream().filter(p -> p.in() == Route.In.QUERY)
        .map(Route.Param::name).collect(Collectors.toSet());
    for (var entry : ctx.queryParamMap().entrySet()) {
      String name = entry.getKey();
      if (!known.contains(name)) {
        throw new InvalidInput(new InputError(name, "unknown parameter '" + name + "' (this resource takes: "
            + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList())) + ")"));
      }
      boolean repeated = route.parameters().stream().anyMatch(p -> p.name().equals(name) && p.repeated());
      if (!repeated && entry.getValue().size() > 1) {
        throw new InvalidInput(new InputError(name, "given " + entry.getValue().size() + " times; it is taken once"));
      }
    }
  }

  /** A query parameter, empty when not given. */
  Optional<String> query(String name) {
    return Optional.ofNullable(ctx.queryParam(name));
  }

  /** A query parameter that must be given; its absence is bad input naming {@code field}. */
  String required(String name, String field) {
    return query(name).filter(v -> !v.isEmpty())
        .orElseThrow(() -> new InvalidInput(new InputError(field, "missing: give ?" + name + "=")));
  }

  /** Every value of a repeatable query parameter. */
  List<String> queries(String name) {
    return ctx.queryParams(name);
  }

  /** A flag: true for {@code ?name}, {@code ?name=true}; false when absent or {@code false}. */
  boolean flag(String name) {
    Optional<String> v = query(name);
    if (v.isEmpty() || v.get().equals("false")) {
      return false;
    }
    if (v.get().isEmpty() || v.get().equals("true")) {
      return true;
    }
    throw new InvalidInput(new InputError(name, "expected true or false, got '" + v.get() + "'"));
  }

  String path(String name) {
    return ctx.pathParam(name);
  }

  /** A path parameter that is a number, else bad input naming {@code field}. */
  long number(String name, String field) {
    String v = path(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidInput(new InputError(field, "not a number: '" + v + "'"));
    }
  }

  /**
   * Answers {@code work} on a thread of Javalin's async executor instead of the request thread,
   * which goes back to Jetty meanwhile: for what takes long (a landing with its gates). The route
   * answers what this returns, and nothing more.
   */
  Answer later(Writes.Write work) {
    ctx.async(() -> Server.send(ctx, Server.answer(ctx, work)));
    return Answer.STREAMED;
  }

  /** What a route asks of its workspace: usually one service call. */
  @FunctionalInterface
  interface Operation<T> {
    T on(Workspace workspace) throws Exception;
  }

  /**
   * Runs {@code operation} on a workspace of this request's own over the server's repository and
   * store, and closes it (its merge engine, if it started one; never the shared two).
   */
  <T> T call(Operation<T> operation) throws Exception {
    try (Workspace workspace = served.workspace(config.clock())) {
      return operation.on(workspace);
    }
  }

  /** The server's clock, for a route that reads it and must then key a remembered answer by what it read. */
  java.time.Clock clock() {
    return config.clock();
  }

  /**
   * What {@code work} answers for this path and query, remembered while the refs and the store
   * stay as they are ({@link AnswerCache}): only for a route whose answer depends on nothing else
   * but {@code also} (what it reads of the clock, say).
   */
  Answer remembered(String also, Writes.Write work) throws Exception {
    String query = ctx.queryString();
    return answers.answer(ctx.path() + (query == null ? "" : "?" + query) + " " + also, work);
  }
}
