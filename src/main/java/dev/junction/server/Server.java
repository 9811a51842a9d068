package dev.junction.server;

import dev.junction.app.IdempotencyService;
import dev.junction.app.InvalidInput;
import dev.junction.app.Workspace;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.util.JavalinBindException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: the route table registered with Javalin on Jetty, listening on the
 * configured address until {@link #close}. Each request opens its own workspace.
 */
public final class Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  private final Javalin app;
  private final Events events;
  private final List<String> registered;
  private final String host;
  private final int port;

  private Server(Javalin app, Events events, List<String> registered, String host, int port) {
    this.app = app;
    this.events = events;
    this.registered = registered;
    this.host = host;
    this.port = port;
  }

  /**
   * Starts a server for {@code config}'s repository on its address.
   *
   * @throws InvalidInput when there is no repository there
   * @throws BindException when the address is in use or cannot be listened on (a JDK exception,
   *     so that catching it loads none of the server's classes into a command)
   */
  public static Server start(ServerConfig config) throws java.io.IOException {
    Objects.requireNonNull(config, "config");
    try (Workspace workspace = Workspace.open(config.location(), config.clock())) { // none: bad input, before listening
      releaseUnfinished(workspace, config);
    }
    Events events = new Events(config);
    List<Route> extra = new ArrayList<>(List.of(events.route()));
    config.commandLines().ifPresent(lines -> extra.add(new Cli(lines).route()));
    List<Route> routes = Routes.table(extra);
    List<String> registered = Collections.synchronizedList(new ArrayList<>());
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      c.http.maxRequestSize = config.maxBody();
      c.http.prefer405over404 = true;
      c.events.handlerAdded(h -> {
        if (h.getHttpMethod().isHttpMethod()) {
          registered.add(h.getHttpMethod().name() + " " + h.getPath());
        }
      });
      c.routes.before(ctx -> {
        if (ctx.req().getContentLengthLong() > config.maxBody()) {
          throw new Bodies.TooLarge(config.maxBody());
        }
      });
      for (Route r : routes) {
        c.routes.addHttpHandler(HandlerType.findOrCreate(r.method()), r.path(), ctx -> handle(config, r, ctx));
      }
      c.routes.exception(Bodies.TooLarge.class, (e, ctx) -> send(ctx, Answer.error(Answer.TOO_LARGE, e.getMessage())));
      c.routes.exception(Exception.class, (e, ctx) -> send(ctx, internal(ctx, e)));
      c.routes.error(Answer.NOT_FOUND, ctx -> send(ctx, Answer.error(Answer.NOT_FOUND,
          "no such resource: " + ctx.method().name() + " " + ctx.path() + " (GET /api/openapi.json lists them)")));
      c.routes.error(Answer.METHOD_NOT_ALLOWED, ctx -> send(ctx, Answer.error(Answer.METHOD_NOT_ALLOWED,
          ctx.method().name() + " is not allowed on " + ctx.path() + " (GET /api/openapi.json lists what is)")));
    });
    try {
      app.start();
    } catch (JavalinBindException e) {
      events.close();
      app.stop();
      BindException bind = new BindException("cannot listen on " + config.host() + ":" + config.port() + ": "
          + e.getMessage());
      bind.initCause(e);
      throw bind;
    }
    // Stalled clients are dropped after the idle timeout instead of holding a connection and its thread.
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof AbstractConnector c) {
        c.setIdleTimeout(config.idleTimeout().toMillis());
      }
    }
    return new Server(app, events, List.copyOf(registered), config.host(), app.port());
  }

  /**
   * Gives up the idempotency keys of requests a dead server's process never finished, so their
   * retries run again instead of waiting for ever. A store that cannot be read now is the
   * requests' to report: the server starts all the same.
   */
  private static void releaseUnfinished(Workspace workspace, ServerConfig config) {
    try {
      if (workspace.existingStore().isPresent()) {
        new IdempotencyService(workspace).releaseUnfinished(config.clock().instant());
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("cannot release the idempotency keys of unfinished requests: {}", e.toString());
    }
  }

  private static void handle(ServerConfig config, Route route, Context ctx) {
    Answer answer;
    try {
      Request request = new Request(ctx, route, config);
      request.checkParameters();
      answer = route.action().on(request);
    } catch (InvalidInput e) {
      answer = Answer.invalid(e.problems());
    } catch (Bodies.TooLarge e) {
      answer = Answer.error(Answer.TOO_LARGE, e.getMessage());
    } catch (Exception e) {
      answer = internal(ctx, e);
    }
    if (answer != Answer.STREAMED) {
      send(ctx, answer);
    }
  }

  private static Answer internal(Context ctx, Exception e) {
    LOG.error("{} {}: internal error", ctx.method().name(), ctx.path(), e);
    return Answer.error(Answer.INTERNAL, "internal error: " + e.getClass().getSimpleName()
        + " (the server's log has the details)");
  }

  private static void send(Context ctx, Answer answer) {
    ctx.status(answer.status());
    ctx.contentType("application/json");
    ctx.result(answer.body().getBytes(StandardCharsets.UTF_8));
  }

  /** The port it listens on: the one picked when it was told port 0. */
  public int port() {
    return port;
  }

  /** Its address, {@code http://host:port}. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Every route registered with Javalin, {@code GET /api/plan}: for the test against the OpenAPI document. */
  List<String> registered() {
    return registered;
  }

  /** Stops listening, lets the requests in flight finish, and stops. */
  @Override
  public void close() {
    events.close(); // the streams end first: Jetty's stop waits for the requests in flight
    app.stop();
  }
}
