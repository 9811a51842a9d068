package dev.junction.server;

import dev.junction.app.Actor;
import dev.junction.app.IdempotencyService;
import dev.junction.app.InvalidInput;
import dev.junction.app.LandingJobs;
import dev.junction.app.LandingService;
import dev.junction.app.Served;
import dev.junction.app.Workspace;
import dev.junction.land.Recovery;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.util.JavalinBindException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: the route table registered with Javalin on Jetty, listening on the
 * configured address until {@link #close}. Its requests share one repository and one store
 * ({@link Served}), each through a workspace of its own; landings in its workers open their own.
 */
public final class Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  /** How long a stopping server waits for the landings in its workers; one still running is resumed at the next start. */
  static final Duration LANDING_GRACE = Duration.ofSeconds(30);
  /** Who completes or undoes, at start, the landings a previous process left unfinished. */
  static final Actor RECOVERER = new Actor("Junction server", "junction@localhost");

  /** The request attribute that says a route answered it: Javalin's error handlers then leave its body alone. */
  private static final String ANSWERED = "junction.answered";

  private final Javalin app;
  private final Served served;
  private final Events events;
  private final LandingJobs landings;
  private final List<String> registered;
  private final String host;
  private final int port;

  private Server(Javalin app, Served served, Events events, LandingJobs landings, List<String> registered, String host,
      int port) {
    this.app = app;
    this.served = served;
    this.events = events;
    this.landings = landings;
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
      recover(workspace, config);
    }
    Served served = Served.open(config.location());
    AnswerCache answers = new AnswerCache(served);
    Events events = new Events(config);
    LandingJobs landings = new LandingJobs(() -> Workspace.open(config.location(), config.clock()), config.clock());
    List<Route> extra = new ArrayList<>(List.of(events.route()));
    extra.addAll(new Landings(landings).routes());
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
        c.routes.addHttpHandler(HandlerType.findOrCreate(r.method()), r.path(),
            ctx -> handle(config, served, answers, r, ctx));
      }
      c.routes.exception(Bodies.TooLarge.class, (e, ctx) -> send(ctx, Answer.error(Answer.TOO_LARGE, e.getMessage())));
      c.routes.exception(Exception.class, (e, ctx) -> send(ctx, internal(ctx, e)));
      c.routes.error(Answer.NOT_FOUND, ctx -> {
        if (ctx.attribute(ANSWERED) == null) { // a resource's own 404 (no such job) keeps its body
          send(ctx, Answer.error(Answer.NOT_FOUND, "no such resource: " + ctx.method().name() + " " + ctx.path()
              + " (GET /api/openapi.json lists them)"));
        }
      });
      c.routes.error(Answer.METHOD_NOT_ALLOWED, ctx -> send(ctx, Answer.error(Answer.METHOD_NOT_ALLOWED,
          ctx.method().name() + " is not allowed on " + ctx.path() + " (GET /api/openapi.json lists what is)")));
    });
    try {
      app.start();
    } catch (JavalinBindException e) {
      events.close();
      app.stop();
      closeLandings(landings);
      served.close();
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
    return new Server(app, served, events, landings, List.copyOf(registered), config.host(), app.port());
  }

  /**
   * What a previous process left unfinished, done before listening: the landings a crash (a
   * {@code kill -9} of the server during a landing) interrupted are completed or undone from their
   * journal, as {@code junction resume} does, with the candidate refs, scratch copies, stale locks
   * and gate processes it left; then the idempotency keys of requests it never answered are given
   * up, so their retries run again instead of waiting for ever. A store that cannot be read now is
   * the requests' to report: the server starts all the same.
   */
  private static void recover(Workspace workspace, ServerConfig config) {
    try {
      if (workspace.existingStore().isEmpty()) {
        return;
      }
      Recovery.Resumed resumed = new LandingService(workspace).resume(
          new LandingService.ResumeInput(Optional.of(RECOVERER)), step -> LOG.info("resume: {}", step));
      // Warnings, which a server logs by default: each is something a crash left.
      resumed.landings().forEach(l -> LOG.warn("resumed a landing a previous process left: {}", l));
      resumed.rollbacks().forEach(l -> LOG.warn("resumed a rollback a previous process left: {}", l));
      resumed.candidates().forEach(c -> LOG.warn("removed the candidate ref {}", c));
      resumed.copies().forEach(c -> LOG.warn("removed the gate scratch copy {}", c));
      resumed.locks().forEach(l -> LOG.warn("removed the stale ref lock {}", l));
      resumed.processes().forEach(p -> LOG.warn("gate process {} of a dead Junction process: {}", p.pid(), p.state()));
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("cannot resume the landings a previous process left: {}", e.toString());
    }
    try {
      if (workspace.existingStore().isPresent()) {
        int released = new IdempotencyService(workspace).releaseUnfinished(config.clock().instant());
        if (released > 0) {
          LOG.warn("released {} idempotency keys of requests a previous process never answered", released);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("cannot release the idempotency keys of unfinished requests: {}", e.toString());
    }
  }

  private static void handle(ServerConfig config, Served served, AnswerCache answers, Route route, Context ctx) {
    Request request = new Request(ctx, route, config, served, answers);
    Answer answer = answer(ctx, () -> {
      request.checkParameters();
      return route.action().on(request);
    });
    if (answer != Answer.STREAMED) {
      send(ctx, answer);
    }
  }

  /** What {@code work} answers, its bad input, a body too large or an internal error answered as such. */
  static Answer answer(Context ctx, Writes.Write work) {
    try {
      return work.run();
    } catch (InvalidInput e) {
      return Answer.invalid(e.problems());
    } catch (Bodies.TooLarge e) {
      return Answer.error(Answer.TOO_LARGE, e.getMessage());
    } catch (Exception e) {
      return internal(ctx, e);
    }
  }

  private static Answer internal(Context ctx, Exception e) {
    LOG.error("{} {}: internal error", ctx.method().name(), ctx.path(), e);
    return Answer.error(Answer.INTERNAL, "internal error: " + e.getClass().getSimpleName()
        + " (the server's log has the details)");
  }

  static void send(Context ctx, Answer answer) {
    ctx.attribute(ANSWERED, Boolean.TRUE);
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

  /**
   * Stops listening, lets the requests in flight finish, then waits up to {@link #LANDING_GRACE}
   * for the landings in its workers, and stops.
   */
  @Override
  public void close() {
    events.close(); // the streams end first: Jetty's stop waits for the requests in flight
    app.stop();
    closeLandings(landings);
    served.close(); // after the requests in flight, which read through it
  }

  private static void closeLandings(LandingJobs landings) {
    try {
      if (!landings.close(LANDING_GRACE)) {
        LOG.warn("landings still running after {}: the next start resumes them", LANDING_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
