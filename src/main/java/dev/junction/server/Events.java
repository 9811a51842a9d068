package dev.junction.server;

import dev.junction.app.InvalidInput;
import dev.junction.app.JsonContract;
import dev.junction.app.Workspace;
import dev.junction.plan.InputError;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: every event appended to the store, as server-sent events ({@code id:}
 * the event's id, {@code event:} its kind, {@code data:} the stored event as JSON), resumed after
 * {@code Last-Event-ID} (or {@code ?after=}) so a client that reconnects loses nothing, filtered by
 * {@code ?subject=}, with a comment as heartbeat when nothing happens.
 *
 * <p>One server-wide thread owns the store connection, the position and every subscriber: it
 * polls the store for ids past the last it saw and fans them out, replays a new subscriber's
 * backlog before adding it (so nothing falls between its replay and the next poll), and sends
 * the heartbeats. Polling is the simple first form; a push-based notifier (the append path and
 * the hub's post-receive hook telling the server) comes later.
 */
final class Events implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);
  /** How many events one store read takes. */
  static final int PAGE = 500;

  private final ServerConfig config;
  private final ScheduledExecutorService thread;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  // The thread's alone:
  private Workspace workspace;
  private long last = -1;
  private boolean failing;

  Events(ServerConfig config) {
    this.config = config;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "junction-events");
      t.setDaemon(true);
      return t;
    });
    long poll = config.poll().toMillis();
    thread.scheduleWithFixedDelay(this::tick, 0, poll, TimeUnit.MILLISECONDS);
  }

  /** One stream's client, what it asked to see, and when it was last sent anything. */
  private static final class Subscriber {
    final SseClient client;
    final Predicate<String> subjects;
    long sentAt = System.nanoTime();

    Subscriber(SseClient client, Predicate<String> subjects) {
      this.client = client;
      this.subjects = subjects;
    }
  }

  /** The route: its parameters checked before the stream starts, so bad input is still a JSON 400. */
  Route route() {
    return new Route("GET", "/api/events", "Every event appended to the store, as server-sent events: id: the "
        + "event's id, event: its kind, data: the stored event as JSON; resumes after Last-Event-ID (or ?after=); "
        + "a comment every heartbeat when nothing happens. Ask with Accept: text/event-stream.",
        List.of(Route.Param.repeated("subject", "Only events about this subject (repeatable; a trailing * matches "
            + "a prefix): request:3, conflict:s1."),
            Route.Param.query("after", "Send the events after this id first (Last-Event-ID wins when both are given)."),
            Route.Param.header("Last-Event-ID", "The id of the last event the client has: the stream resumes after it.")),
        true, this::stream);
  }

  private Answer stream(Request r) throws Exception {
    Optional<Long> after = after(r);
    Predicate<String> subjects = subjects(r.queries("subject"));
    String accept = Optional.ofNullable(r.context().header("Accept")).orElse("");
    if (!accept.contains("text/event-stream")) {
      return Answer.error(406, "an event stream: ask with Accept: text/event-stream");
    }
    new SseHandler(client -> subscribe(client, after, subjects)).handle(r.context());
    return Answer.STREAMED;
  }

  private static Optional<Long> after(Request r) {
    Optional<String> header = Optional.ofNullable(r.context().header("Last-Event-ID")).filter(h -> !h.isBlank());
    Optional<String> given = header.or(() -> r.query("after"));
    if (given.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(given.get().trim()));
    } catch (NumberFormatException e) {
      throw new InvalidInput(new InputError(header.isPresent() ? "Last-Event-ID" : "after",
          "not an event id: '" + given.get() + "'"));
    }
  }

  /** Exact subjects, or prefixes written with a trailing {@code *}; none given: every subject. */
  static Predicate<String> subjects(List<String> wanted) {
    if (wanted.isEmpty()) {
      return s -> true;
    }
    return s -> wanted.stream().anyMatch(w -> w.endsWith("*") ? s.startsWith(w.substring(0, w.length() - 1))
        : s.equals(w));
  }

  private void subscribe(SseClient client, Optional<Long> after, Predicate<String> subjects) {
    client.keepAlive();
    Subscriber s = new Subscriber(client, subjects);
    client.onClose(() -> subscribers.remove(s));
    thread.execute(() -> {
      try {
        position();
        if (after.isPresent()) {
          replay(s, after.get());
        }
        client.sendComment("junction events after " + (after.isPresent() ? after.get() : last));
        s.sentAt = System.nanoTime();
        subscribers.add(s);
      } catch (RuntimeException e) {
        LOG.error("cannot start an event stream", e);
        client.close();
      }
    });
  }

  /** Sends {@code s} the events after {@code from} up to the position every other subscriber is at. */
  private void replay(Subscriber s, long from) {
    Optional<EventStore> store = store();
    long at = from;
    while (store.isPresent() && at < last) {
      List<EventStore.Stored<StoreEvent>> page = store.get().eventsAfter(StoreEvent.class, at, PAGE);
      if (page.isEmpty()) {
        return;
      }
      for (EventStore.Stored<StoreEvent> e : page) {
        if (e.id() > last) {
          return;
        }
        send(s, e);
      }
      at = page.get(page.size() - 1).id();
    }
  }

  /** Where the stream stands: the newest event's id when it started (0 for no store yet). */
  private void position() {
    if (last >= 0) {
      return;
    }
    last = store().map(EventStore::lastId).orElse(0L);
  }

  private void tick() {
    try {
      position();
      Optional<EventStore> store = store();
      if (store.isPresent()) {
        List<EventStore.Stored<StoreEvent>> page;
        do {
          page = store.get().eventsAfter(StoreEvent.class, last, PAGE);
          for (EventStore.Stored<StoreEvent> e : page) {
            subscribers.forEach(s -> send(s, e));
            last = e.id();
          }
        } while (page.size() == PAGE);
      }
      long now = System.nanoTime();
      // A stream quiet for the idle timeout would be closed as a stalled client: beat before that.
      long every = Math.min(config.heartbeat().toNanos(), config.idleTimeout().toNanos() / 2);
      for (Subscriber s : subscribers) {
        if (now - s.sentAt >= every) {
          s.client.sendComment("heartbeat");
          s.sentAt = now;
        }
      }
      if (failing) {
        LOG.warn("event stream: the store reads again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) { // once per outage, not five times a second
        LOG.error("event stream: cannot read the store", e);
        failing = true;
      }
    }
  }

  private static void send(Subscriber s, EventStore.Stored<StoreEvent> e) {
    if (s.subjects.test(e.subject()) && !s.client.terminated()) {
      s.client.sendEvent(e.kind(), JsonContract.write(e), Long.toString(e.id()));
      s.sentAt = System.nanoTime();
    }
  }

  /** The store once it exists; a repository nobody wrote to yet has none, and reading must not make one. */
  private Optional<EventStore> store() {
    try {
      if (workspace == null) {
        workspace = Workspace.open(config.location(), config.clock());
      }
      return workspace.existingStore();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Ends every stream and the thread. */
  @Override
  public synchronized void close() {
    if (thread.isShutdown()) {
      return;
    }
    thread.execute(() -> {
      subscribers.forEach(s -> s.client.close());
      subscribers.clear();
      if (workspace != null) {
        workspace.close();
      }
    });
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
